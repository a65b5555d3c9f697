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
            engine_started_at_ms: ctx.engineStartedAtMs,
            console_started_at_ms: startedAtMs,
            listeners: listenersOf(ctx.provided('builtinConfigs')?.list() ?? []),
            auth: Boolean(config.auth_token || config.auth_function_id),
          }),
          selfName: ctx.name,
          probe: { target: () => httpListenerUrl(ctx.provided('builtinConfigs')?.list() ?? []) },
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

type Running = { name: string; config: unknown; address?: { host: string; port: number } }

/** Every running built-in that listens on a port: what the overview lists, with bound ports. */
function listenersOf(configs: Running[]): Listener[] {
  const out: Listener[] = []
  for (const { name, config, address } of configs) {
    const c = config as { host?: unknown; port?: unknown } | null
    if (!address && (!c || typeof c.port !== 'number')) continue
    const host = address?.host ?? (typeof c?.host === 'string' ? c.host : '')
    out.push({ worker: name, host, port: address?.port ?? (c?.port as number) })
  }
  return out
}

/** `http://…` of the engine's REST listener (`iii-http`), for the Triggers page's test requests. */
function httpListenerUrl(configs: Running[]): string | undefined {
  const http = configs.find((c) => /^iii-http(#\d+)?$/.test(c.name) && c.address)?.address
  if (!http) return undefined
  const host = ['0.0.0.0', '::', ''].includes(http.host) ? '127.0.0.1' : http.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${http.port}`
}
