import type { BuiltinWorker, Logger, WorkerContext, WorkerDefinition } from '@iii/core'
import { closeListenSocket, listen, type us_listen_socket, uWS } from '@iii/uws'
import { createHttpApp } from './app'
import { type HttpConfig, HttpConfigSchema, httpDefaults } from './config'
import { failureResponse, notFound } from './errors'
import { createHttpTriggerProvider, httpTriggerType, type RouteTarget } from './routes/http-trigger'
import { RouteTable } from './routes/route-table'
import { type FetchAdapter, serveFetch } from './server/uws-adapter'

/** The running `iii-http` worker. */
export interface HttpWorker extends BuiltinWorker {
  /** Live route bindings. */
  readonly routeCount: number
}

interface Listening {
  socket: us_listen_socket
  adapter: FetchAdapter
  host: string
  port: number
}

function startServer(ctx: WorkerContext, config: HttpConfig, table: RouteTable<RouteTarget>, logger: Logger) {
  const globalMiddleware = [...config.middleware].sort((a, b) => a.priority - b.priority).map((m) => m.function_id)
  const app = createHttpApp({
    config,
    table,
    channels: ctx.channels,
    logger,
    invoke: (request) => ctx.invoke(request),
    hasFunction: (id, namespace) => ctx.lookupFunction(id, namespace) !== undefined,
    globalMiddleware,
    responseClaimGraceMs: httpDefaults.responseClaimGraceMs,
    tracer: () => ctx.provided('tracer'),
  })
  const uws = uWS.App()
  const adapter = serveFetch(uws, {
    fetch: (request, connection) => app.fetch(request, connection),
    unsupported: (method, url) => notFound(method, url),
    fallback: (err) => failureResponse(err, { logger, phase: 'pipeline', method: '', path: '' }),
    onError: (err) => logger.error('http exchange cleanup failed', { err, unhandled: true }),
  })
  return { uws, adapter }
}

/** `iii-http` (`http`): HTTP routes as triggers, through Hono on uWebSockets.js (BUILTINS.md §3). */
export const httpWorker: WorkerDefinition<HttpConfig> = {
  name: 'iii-http',
  aliases: ['http'],
  defaultOn: true,
  configSchema: HttpConfigSchema,
  create(config): HttpWorker {
    const table = new RouteTable<RouteTarget>()
    let listening: Listening | undefined
    return {
      get routeCount() {
        return table.size
      },
      address: () => (listening ? { host: listening.host, port: listening.port } : undefined),
      async start(ctx) {
        const logger = ctx.logger
        await ctx.registerTriggerType(httpTriggerType, createHttpTriggerProvider(table, logger))
        const { uws, adapter } = startServer(ctx, config, table, logger)
        const { socket, port } = await listen(uws, config.host, config.port, 'iii-http')
        listening = { socket, adapter, host: config.host, port }
        logger.info('http listener ready', { host: config.host, port })
      },
      stop() {
        if (!listening) return
        closeListenSocket(listening.socket)
        listening.adapter.closeAll()
        listening = undefined
      },
    }
  },
}
