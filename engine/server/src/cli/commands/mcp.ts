import { createMcpServer, createSocketBackend } from '@iii/worker-mcp'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { defineCommand } from 'citty'
import { engineVersion } from '../../version'
import { connectionArgs, connectionOf, millisOf } from '../connection'
import { CliError } from '../errors'

/**
 * `iii mcp`: the Model Context Protocol on stdin/stdout for a local agent, over a worker
 * connection to a running engine (the listener's auth and RBAC apply; BUILTINS.md §16).
 */
export const mcpCommand = defineCommand({
  meta: { name: 'mcp', description: 'Serve MCP on stdio for a running engine' },
  args: {
    ...connectionArgs,
    'timeout-ms': { type: 'string', default: '30000', description: 'Deadline of each tool call' },
    'poll-ms': { type: 'string', default: '1000', description: 'How often tools are re-listed' },
  },
  async run({ args }) {
    const { address, port } = connectionOf(args)
    const url = `ws://${address}:${port}/`
    const backend = await createSocketBackend({
      url,
      pollIntervalMs: millisOf('poll-ms', args['poll-ms']),
    }).catch((err: Error) => {
      throw new CliError(`cannot reach the engine at ${url}: ${err.message}`)
    })
    const server = createMcpServer({
      backend,
      version: engineVersion,
      callTimeoutMs: millisOf('timeout-ms', args['timeout-ms']),
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
