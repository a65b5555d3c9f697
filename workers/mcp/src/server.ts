import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js'
import type { McpBackend, McpFunction } from './backend'
import { startProgress } from './progress'
import { readResource, resourceTemplates, staticResources } from './resources'
import { toolTable } from './tool-names'

export interface McpServerOptions {
  backend: McpBackend
  /** Reported as the server's version. */
  version: string
  /** How long `tools/call` waits for a function. */
  callTimeoutMs: number
  /** How often a call with a progress token reports progress. */
  progressIntervalMs: number
  /** Serve the trace, log and queue resources. */
  resources: boolean
}

/** A JSON Schema object for `inputSchema`: the function's request schema, else any object. */
function inputSchemaOf(f: McpFunction): { type: 'object'; [k: string]: unknown } {
  const schema = f.request_schema
  if (typeof schema !== 'object' || schema === null) return { type: 'object' }
  const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>
  return plain.type === 'object' ? { ...plain, type: 'object' } : { type: 'object' }
}

const asText = (value: unknown) => JSON.stringify(value ?? null)
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The result of `tools/call`: the function's result, or its error envelope with `isError`. */
async function callTool(
  options: McpServerOptions,
  f: McpFunction,
  args: Record<string, unknown> | undefined,
) {
  try {
    const result = await options.backend.call(f.function_id, args ?? {}, {
      timeoutMs: options.callTimeoutMs,
    })
    return {
      content: [{ type: 'text' as const, text: asText(result) }],
      ...(isRecord(result) ? { structuredContent: result } : {}),
    }
  } catch (err) {
    const e = err as { code?: string; message?: string }
    const error = { code: e.code ?? 'INTERNAL_ERROR', message: e.message ?? String(err) }
    return { isError: true, content: [{ type: 'text' as const, text: asText({ error }) }] }
  }
}

/**
 * One MCP server session over the engine: every function the caller may see is a tool, calls
 * go through the backend (so RBAC applies), the tool list follows the registry live, and
 * traces, logs and queues are resources.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { backend } = options
  const server = new Server(
    { name: 'iii-mcp', version: options.version },
    {
      capabilities: {
        tools: { listChanged: true },
        ...(options.resources ? { resources: {} } : {}),
      },
    },
  )
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...toolTable(await backend.listFunctions())].map(([name, f]) => ({
      name,
      description: f.description ?? f.function_id,
      inputSchema: inputSchemaOf(f),
      _meta: { 'iii/function_id': f.function_id },
    })),
  }))
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const f = toolTable(await backend.listFunctions()).get(request.params.name)
    if (!f) throw new McpError(ErrorCode.InvalidParams, `unknown tool ${request.params.name}`)
    const token = request.params._meta?.progressToken
    const stop =
      token === undefined
        ? undefined
        : startProgress({
            token,
            intervalMs: options.progressIntervalMs,
            functionId: f.function_id,
            send: (n) => extra.sendNotification(n),
          })
    try {
      return await callTool(options, f, request.params.arguments)
    } finally {
      stop?.()
    }
  })
  if (options.resources) addResources(server, backend)
  let pending: ReturnType<typeof setTimeout> | undefined
  const unsubscribe = backend.onFunctionsChanged(() => {
    if (pending) return
    // Registrations come in bursts (a worker registers many functions): one notice per burst.
    pending = setTimeout(() => {
      pending = undefined
      server.sendToolListChanged().catch(() => {})
    }, 50)
  })
  server.onclose = () => {
    unsubscribe()
    if (pending) clearTimeout(pending)
  }
  return server
}

function addResources(server: Server, backend: McpBackend): void {
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: staticResources.map((r) => ({ ...r })),
  }))
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: resourceTemplates.map((r) => ({ ...r })),
  }))
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    try {
      const result = await readResource(backend, request.params.uri)
      if (result) return result
    } catch (err) {
      const e = err as { code?: string; message?: string }
      throw new McpError(ErrorCode.InternalError, `${e.code ?? 'ERROR'}: ${e.message ?? err}`)
    }
    throw new McpError(ErrorCode.InvalidParams, `unknown resource ${request.params.uri}`)
  })
}
