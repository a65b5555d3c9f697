import { randomUUID } from 'node:crypto'
import { type Grant, parseGrant, type RbacPolicy, type WorkerContext } from '@iii/core'
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import type { McpConfig } from './config'
import { createContextBackend } from './context-backend'
import { readBodyText } from './read-body'
import { createMcpServer } from './server'

interface Live {
  transport: WebStandardStreamableHTTPServerTransport
  close(): Promise<void>
}

const rpcError = (status: number, code: number, message: string) =>
  Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status })

/**
 * Streamable HTTP sessions of `/mcp`. A session starts with `initialize` (authenticated by the
 * auth function, like a worker connection) and is addressed by `Mcp-Session-Id` afterwards; the
 * oldest session is closed when there are more than `max_sessions`.
 */
export class McpHttpSessions {
  private readonly live = new Map<string, Live>()

  constructor(
    private readonly ctx: WorkerContext,
    private readonly config: McpConfig,
    private readonly rbac: RbacPolicy | undefined,
  ) {}

  async handle(request: Request): Promise<Response> {
    const text =
      request.method === 'POST' ? await readBodyText(request, this.config.max_body_bytes) : ''
    if (text === undefined)
      return rpcError(413, -32600, `request body above ${this.config.max_body_bytes} bytes`)
    const forward = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'POST' ? text : undefined,
    })
    const sessionId = request.headers.get('mcp-session-id')
    if (sessionId) {
      const session = this.live.get(sessionId)
      if (!session) return rpcError(404, -32001, 'session not found')
      return session.transport.handleRequest(forward)
    }
    if (request.method !== 'POST') return rpcError(400, -32000, 'no Mcp-Session-Id header')
    return this.open(forward)
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((s) => s.close()))
    this.live.clear()
  }

  private async open(request: Request): Promise<Response> {
    let grant: Grant | undefined
    try {
      grant = await this.authenticate(request)
    } catch (err) {
      return rpcError(401, -32001, `authentication failed: ${(err as Error).message}`)
    }
    const backend = createContextBackend(this.ctx, {
      grant,
      rbac: this.rbac,
      includeInternal: this.config.include_internal,
    })
    const server = createMcpServer({
      backend,
      version: this.ctx.engineVersion,
      callTimeoutMs: this.config.call_timeout_ms,
      progressIntervalMs: this.config.progress_interval_ms,
      resources: this.config.resources,
    })
    const close = async () => {
      await server.close().catch(() => {})
    }
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.live.set(id, { transport, close })
        this.evict()
      },
      onsessionclosed: (id) => {
        this.live.delete(id)
        void close()
      },
    })
    await server.connect(transport)
    const response = await transport.handleRequest(request)
    // A first request that was not a valid `initialize` opened nothing.
    if (!transport.sessionId) await close()
    return response
  }

  private async authenticate(request: Request): Promise<Grant | undefined> {
    const authId = this.config.auth_function_id
    if (!authId) return undefined
    const url = new URL(request.url)
    const query_params: Record<string, string[]> = {}
    for (const [k, v] of url.searchParams) {
      const values = query_params[k] ?? []
      values.push(v)
      query_params[k] = values
    }
    const result = await this.ctx.invoke({
      functionId: authId,
      namespace: 'default',
      data: { headers: Object.fromEntries(request.headers), query_params, ip_address: '' },
      timeoutMs: this.config.auth_timeout_ms,
    })
    return parseGrant(result)
  }

  private evict(): void {
    while (this.live.size > this.config.max_sessions) {
      const [oldest, session] = this.live.entries().next().value as [string, Live]
      this.live.delete(oldest)
      void session.close()
    }
  }
}
