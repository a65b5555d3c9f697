import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsNodeArgs, uniqueName, waitFor } from '@iii/testing'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../../engine/server/src/cli.ts')

const mcpConfig = (mcp = '{}') => `
workers:
  - name: iii-http
    config: {}
  - name: iii-mcp
    config: ${mcp}
`

const httpUrl = (engine: TestEngine, path = '/mcp') =>
  new URL(`http://127.0.0.1:${engine.address('iii-http')?.port}${path}`)

async function httpClient(engine: TestEngine, headers: Record<string, string> = {}) {
  const client = new Client({ name: 'test', version: '1.0.0' })
  await client.connect(
    new StreamableHTTPClientTransport(httpUrl(engine), { requestInit: { headers } }),
  )
  return client
}

async function stdioClient(engine: TestEngine, port = engine.port) {
  const client = new Client({ name: 'test', version: '1.0.0' })
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...tsNodeArgs(), cli, 'mcp', '--port', String(port), '--poll-ms', '200'],
    stderr: 'pipe',
  })
  await client.connect(transport)
  return client
}

/** The text of a resource content (JSON here). */
const textOf = (content: unknown) => String((content as { text?: string } | undefined)?.text)

type Tool = { name: string; inputSchema: Record<string, unknown> }
const toolNames = async (client: Client) =>
  ((await client.listTools()).tools as Tool[]).map((t) => t.name)

/** The same scenario over each transport. */
for (const transport of ['http', 'stdio'] as const) {
  describe(`issue 18: MCP over ${transport}`, () => {
    it('lists functions as tools, calls one, and follows workers coming and going', async () => {
      await using engine = await startTestEngine({ configText: mcpConfig() })
      const ns = uniqueName('mcp').replace(/-/g, '_')
      const w = registerWorker(engine.url, { workerName: uniqueName('mcp-w') })
      w.registerFunction(
        `${ns}::echo`,
        async (input: { text: string }) => ({ echoed: input.text }),
        {
          description: 'Echo the input',
          request_format: {
            type: 'object',
            properties: { text: { type: 'string' } },
            required: ['text'],
          },
        },
      )
      w.registerFunction(`${ns}::fail`, async () => {
        throw new Error('planned failure')
      })
      await waitFor(() => engine.core.functions.get('default', `${ns}::fail`))
      const client = transport === 'http' ? await httpClient(engine) : await stdioClient(engine)
      try {
        const { tools } = (await client.listTools()) as { tools: Tool[] }
        const echo = tools.find((t) => t.name === `${ns}__echo`)
        expect(echo?.inputSchema).toMatchObject({ type: 'object', required: ['text'] })
        expect(tools.some((t) => t.name.startsWith('engine__functions'))).toBe(false)
        const result = await client.callTool({ name: `${ns}__echo`, arguments: { text: 'hi' } })
        expect(result.structuredContent).toEqual({ echoed: 'hi' })
        expect(result.isError).toBeFalsy()

        const failing = await client.callTool({ name: `${ns}__fail`, arguments: {} })
        expect(failing.isError).toBe(true)
        expect(JSON.stringify(failing.content)).toContain('planned failure')
        await expect(client.callTool({ name: 'no__such_tool', arguments: {} })).rejects.toThrow()

        let changed = 0
        client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
          changed++
        })
        const w2 = registerWorker(engine.url, { workerName: uniqueName('mcp-w2') })
        w2.registerFunction(`${ns}::late`, async () => 'late')
        await waitFor(
          async () => changed > 0 && (await toolNames(client)).includes(`${ns}__late`),
          {
            what: 'the new tool listed',
            timeoutMs: 20_000,
          },
        )
        const before = changed
        await w2.shutdown()
        await waitFor(
          async () => changed > before && !(await toolNames(client)).includes(`${ns}__late`),
          { what: 'the tool gone with its worker', timeoutMs: 20_000 },
        )
      } finally {
        await client.close()
        await w.shutdown()
      }
    })

    it('reads recent traces and one trace tree as resources', async () => {
      await using engine = await startTestEngine({ configText: mcpConfig() })
      const ns = uniqueName('mcpr').replace(/-/g, '_')
      const w = registerWorker(engine.url, { workerName: uniqueName('mcp-r') })
      w.registerFunction(`${ns}::traced`, async () => ({ ok: true }))
      await waitFor(() => engine.core.functions.get('default', `${ns}::traced`))
      const client = transport === 'http' ? await httpClient(engine) : await stdioClient(engine)
      try {
        await client.callTool({ name: `${ns}__traced`, arguments: {} })
        const { resources } = await client.listResources()
        expect(resources.map((r) => r.uri)).toContain('iii://traces/recent')
        const span = await waitFor(
          async () => {
            const read = await client.readResource({ uri: 'iii://traces/recent' })
            const { spans } = JSON.parse(textOf(read.contents[0])) as {
              spans: { trace_id: string; attributes: Record<string, unknown> }[]
            }
            return spans.find((s) => s.attributes['iii.function.id'] === `${ns}::traced`)
          },
          { what: 'the span of the call' },
        )
        const tree = await client.readResource({ uri: `iii://traces/${span.trace_id}` })
        const { roots } = JSON.parse(textOf(tree.contents[0])) as {
          roots: { trace_id: string }[]
        }
        expect(roots.length).toBeGreaterThan(0)
        expect(roots[0]?.trace_id).toBe(span.trace_id)
        await expect(client.readResource({ uri: 'iii://nothing/here' })).rejects.toThrow()
      } finally {
        await client.close()
        await w.shutdown()
      }
    })
  })
}

describe('issue 18: MCP over HTTP, access and limits', () => {
  it('hides and refuses a function the auth grant forbids', async () => {
    await using engine = await startTestEngine({
      configText: mcpConfig('{auth_function_id: "mcp_auth::check"}'),
    })
    const w = registerWorker(engine.url, { workerName: uniqueName('mcp-auth') })
    w.registerFunction('mcp_auth::check', async (input: { headers: Record<string, string> }) => {
      if (input.headers.authorization !== 'Bearer good') throw new Error('bad token')
      return { forbidden_functions: ['mcp_secret::*'] }
    })
    w.registerFunction('mcp_secret::keys', async () => 'secret')
    w.registerFunction('mcp_open::hello', async () => 'hello')
    await waitFor(() => engine.core.functions.get('default', 'mcp_open::hello'))

    await expect(httpClient(engine, { authorization: 'Bearer wrong' })).rejects.toThrow()
    const client = await httpClient(engine, { authorization: 'Bearer good' })
    try {
      const names = await toolNames(client)
      expect(names).toContain('mcp_open__hello')
      expect(names).not.toContain('mcp_secret__keys')
      await expect(client.callTool({ name: 'mcp_secret__keys', arguments: {} })).rejects.toThrow()
      expect((await client.callTool({ name: 'mcp_open__hello', arguments: {} })).content).toEqual([
        { type: 'text', text: '"hello"' },
      ])
    } finally {
      await client.close()
      await w.shutdown()
    }
  })

  it('reports progress of a long call', async () => {
    await using engine = await startTestEngine({
      configText: mcpConfig('{progress_interval_ms: 50}'),
    })
    const w = registerWorker(engine.url, { workerName: uniqueName('mcp-slow') })
    let release: () => void = () => {}
    const released = new Promise<void>((r) => {
      release = r
    })
    w.registerFunction('mcp_slow::wait', async () => {
      await released
      return { done: true }
    })
    await waitFor(() => engine.core.functions.get('default', 'mcp_slow::wait'))
    const client = await httpClient(engine)
    try {
      const progress: number[] = []
      const call = client.callTool({ name: 'mcp_slow__wait', arguments: {} }, undefined, {
        onprogress: (p) => {
          progress.push(p.progress)
          if (progress.length >= 2) release()
        },
      })
      expect((await call).structuredContent).toEqual({ done: true })
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(progress[1]).toBeGreaterThan(progress[0] as number)
    } finally {
      release()
      await client.close()
      await w.shutdown()
    }
  })

  it('answers bad requests with an error and keeps serving', async () => {
    await using engine = await startTestEngine({ configText: mcpConfig('{max_body_bytes: 2048}') })
    const url = httpUrl(engine)
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      })
    const notJson = await post('{not json')
    expect(notJson.status).toBeGreaterThanOrEqual(400)
    expect(((await notJson.json()) as { error?: unknown }).error).toBeDefined()
    expect((await post('{}', { 'mcp-session-id': 'nope' })).status).toBe(404)
    expect((await post(JSON.stringify({ pad: 'x'.repeat(4096) }))).status).toBe(413)
    const notInit = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }))
    expect(notInit.status).toBeGreaterThanOrEqual(400)
    const client = await httpClient(engine)
    expect(Array.isArray((await client.listTools()).tools)).toBe(true)
    await client.close()
  })
})

/** An open listener for the test's own workers, and one locked down by RBAC for `iii mcp`. */
const rbacConfig = `
workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      rbac:
        auth_function_id: mcp_gate::auth
        expose_functions:
          - match("mcp_open::*")
          - match("mcp_secret::*")
          - match("engine::functions::*")
`

describe('issue 18: MCP over stdio, access', () => {
  it('hides and refuses what the listener grant forbids or does not expose', async () => {
    await using engine = await startTestEngine({ configText: rbacConfig })
    const w = registerWorker(engine.url, { workerName: uniqueName('mcp-gate') })
    w.registerFunction('mcp_gate::auth', async () => ({ forbidden_functions: ['mcp_secret::*'] }))
    w.registerFunction('mcp_secret::keys', async () => 'secret')
    w.registerFunction('mcp_hidden::internal', async () => 'internal')
    w.registerFunction('mcp_open::hello', async () => 'hello')
    await waitFor(() => engine.core.functions.get('default', 'mcp_open::hello'))
    const locked = engine.address('iii-worker-manager#1')?.port
    expect(locked).toBeGreaterThan(0)
    const client = await stdioClient(engine, locked)
    try {
      const names = await toolNames(client)
      expect(names).toContain('mcp_open__hello')
      expect(names).not.toContain('mcp_secret__keys')
      expect(names).not.toContain('mcp_hidden__internal')
      for (const name of ['mcp_secret__keys', 'mcp_hidden__internal']) {
        const refused = await client.callTool({ name, arguments: {} }).then(
          (r) => r,
          (e: unknown) => e,
        )
        expect(JSON.stringify(refused)).not.toMatch(/"(secret|internal)"/)
        expect(refused instanceof Error || (refused as { isError?: boolean }).isError).toBe(true)
      }
      expect((await client.callTool({ name: 'mcp_open__hello', arguments: {} })).content).toEqual([
        { type: 'text', text: '"hello"' },
      ])
    } finally {
      await client.close()
      await w.shutdown()
    }
  })
})
