import {
  type BuiltinWorker,
  compileRbac,
  httpMountCapability,
  type WorkerDefinition,
} from '@iii/core'
import { type McpConfig, McpConfigSchema } from './config'
import { McpHttpSessions } from './http-sessions'

/** `iii-mcp`: the Model Context Protocol on `iii-http` at `path` (streamable HTTP). Opt-in. */
export const mcpWorker: WorkerDefinition<McpConfig> = {
  name: 'iii-mcp',
  aliases: ['mcp'],
  configSchema: McpConfigSchema,
  create(config): BuiltinWorker {
    let sessions: McpHttpSessions | undefined
    return {
      start(ctx) {
        const rbac =
          config.expose_functions || config.auth_function_id
            ? compileRbac({ expose_functions: config.expose_functions ?? [{ match: '*' }] })
            : undefined
        sessions = new McpHttpSessions(ctx, config, rbac)
        const live = sessions
        ctx.offer(httpMountCapability, { path: config.path, handle: (r) => live.handle(r) })
      },
      async stop() {
        await sessions?.closeAll()
      },
    }
  },
}
