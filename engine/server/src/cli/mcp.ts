import { createMcpServer, createSocketBackend } from '@iii/worker-mcp'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { defineCommand } from 'citty'
import { engineVersion } from '../version'
import { CliError } from './trigger'

/**
 * `iii mcp`: the Model Context Protocol on stdin/stdout for a local agent, over a worker
 * connection to a running engine (the listener's auth and RBAC apply).
 */
export const mcpCommand = defineCommand({
  meta: { name: 'mcp', description: 'Serve MCP on stdio for a running engine' },
  args: {
    address: { type: 'string', default: '127.0.0.1', description: 'Engine host' },
    port: { type: 'string', default: '49134', description: 'Worker listener port' },
    'timeout-ms': { type: 'string', default: '30000', description: 'Deadline of each tool call' },
    'poll-ms': { type: 'string', default: '1000', description: 'How often tools are re-listed' },
  },
  async run({ args }) {
    const port = Number(args.port)
    if (!Number.isInteger(port) || port <= 0 || port > 65535)
      throw new CliError(`--port must be 1..65535, got ${args.port}`, 2)
    const url = `ws://${args.address}:${port}/`
    const backend = await createSocketBackend({
      url,
      pollIntervalMs: Number(args['poll-ms']) || 1000,
    }).catch((err: Error) => {
      throw new CliError(`cannot reach the engine at ${url}: ${err.message}`)
    })
    const server = createMcpServer({
      backend,
      version: engineVersion,
      callTimeoutMs: Number(args['timeout-ms']) || 30_000,
      progressIntervalMs: 1000,
      resources: true,
    })
    const transport = new StdioServerTransport()
    transport.onclose = () => backend.close()
    await server.connect(transport)
    process.stdin.on('end', () => {
      backend.close()
      void server.close()
    })
  },
})
