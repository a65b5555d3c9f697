import { consoleBundleDir } from '@iii/console'
import { type BuiltinWorker, type WorkerDefinition, workerListenerCapability } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { type ConsoleConfig, ConsoleConfigSchema, validateConsoleConfig } from './config'
import type { EngineLink } from './engine-link'
import type { ConsoleServer } from './server'

/**
 * `iii-console` (alias `console`): serves the console app on 127.0.0.1:3113 and its API. It
 * reaches the engine only as an ordinary worker through a worker listener, so every action it
 * takes is a function call that shows up in traces and obeys that listener's RBAC grant.
 */
export const consoleWorker: WorkerDefinition<ConsoleConfig> = {
  name: 'iii-console',
  aliases: ['console'],
  defaultOn: true,
  configSchema: ConsoleConfigSchema,
  validate: validateConsoleConfig,
  create(config): BuiltinWorker {
    let server: ConsoleServer | undefined
    let link: EngineLink | undefined
    return {
      async start(ctx) {
        const problem = validateConsoleConfig(config)
        if (problem) throw new IIIError('SCHEMA_INVALID', `iii-console: ${problem.reason}`)
        const startedAtMs = Date.now()
        // Loaded on start: commands that only read the catalogue (iii trigger) skip the SDK and hono.
        const [{ EngineLink }, { startConsoleServer }] = await Promise.all([
          import('./engine-link'),
          import('./server'),
        ])
        const engineUrl = () =>
          config.engine_url ?? ctx.use(workerListenerCapability(config.listener))?.url()
        link = new EngineLink({
          url: engineUrl,
          headers: config.engine_headers,
          logger: ctx.logger,
        })
        server = await startConsoleServer({
          host: config.host,
          port: config.port,
          staticDir: config.static_dir ?? consoleBundleDir,
          link,
          logger: ctx.logger,
          authToken: config.auth_token,
          authFunctionId: config.auth_function_id,
          pollIntervalMs: config.poll_interval_ms,
          tailIntervalMs: config.tail_interval_ms,
          info: () => ({
            engine_version: ctx.engineVersion,
            engine_id: ctx.engineId,
            console_started_at_ms: startedAtMs,
            listeners: listenersOf(ctx.provided('builtinConfigs')?.list() ?? [], (name) =>
              ctx.use(workerListenerCapability(name))?.url(),
            ),
            auth: Boolean(config.auth_token || config.auth_function_id),
          }),
        })
      },
      address: () => (server ? { host: server.host, port: server.port } : undefined),
      async stop() {
        await server?.close()
        await link?.close()
        server = undefined
        link = undefined
      },
    }
  },
}

interface Listener {
  worker: string
  host: string
  port: number
}

/** Every built-in with a `port` in its config: what the overview lists as listeners. */
function listenersOf(
  configs: { name: string; config: unknown }[],
  boundUrl: (name: string) => string | undefined,
): Listener[] {
  const out: Listener[] = []
  for (const { name, config } of configs) {
    const c = config as { host?: unknown; port?: unknown } | null
    if (!c || typeof c.port !== 'number') continue
    const bound = /:(\d+)$/.exec(boundUrl(name) ?? '')
    const port = bound ? Number(bound[1]) : c.port
    out.push({ worker: name, host: typeof c.host === 'string' ? c.host : '', port })
  }
  return out
}
