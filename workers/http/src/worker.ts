import {
  type BuiltinWorker,
  httpMountCapability,
  type WorkerContext,
  type WorkerDefinition,
} from '@iii/core'
import { createHttpApp } from './app'
import { type HttpConfig, HttpConfigSchema, httpDefaults, routeLimitOf } from './config'
import { failureResponse, refused } from './errors'
import { FairConcurrency } from './fair-concurrency'
import {
  createHttpTriggerProvider,
  httpTriggerType,
  type RouteTarget,
  routeMethods,
} from './routes/http-trigger'
import { RouteTable } from './routes/route-table'
import { createFetchServer, type FetchServer } from './server/node-adapter'
import { listenExclusive } from './server/node-listen'

/** The running `iii-http` worker. */
export interface HttpWorker extends BuiltinWorker {
  /** Live route bindings. */
  readonly routeCount: number
}

interface Listening {
  server: FetchServer
  host: string
  port: number
}

function createServer(
  ctx: WorkerContext,
  config: HttpConfig,
  table: RouteTable<RouteTarget>,
): FetchServer {
  const logger = ctx.logger
  const globalMiddleware = [...config.middleware]
    .sort((a, b) => a.priority - b.priority)
    .map((m) => m.function_id)
  const concurrency = new FairConcurrency({
    globalLimit: config.concurrency_request_limit,
    routeLimit: routeLimitOf(config),
    queueLimit: config.concurrency_queue_limit,
  })
  const app = createHttpApp({
    config,
    table,
    channels: ctx.channels,
    logger,
    invoke: (request) => ctx.invoke(request),
    hasFunction: (id, namespace) => ctx.lookupFunction(id, namespace) !== undefined,
    globalMiddleware,
    responseClaimGraceMs: httpDefaults.responseClaimGraceMs,
    concurrency,
    tracer: () => ctx.provided('tracer'),
    mount: () => ctx.use(httpMountCapability),
  })
  return createFetchServer({
    fetch: (request, connection) => app.fetch(request, connection),
    fallback: (err) => failureResponse(err, { logger, phase: 'pipeline', method: '', path: '' }),
    refuse: refused,
    onError: (err) => logger.error('http exchange cleanup failed', { err, unhandled: true }),
    methods: routeMethods,
    maxHeaderBytes: config.max_header_bytes,
    headersTimeoutMs: config.headers_timeout_ms,
    keepAliveTimeoutMs: config.keep_alive_timeout_ms,
  })
}

/** `iii-http` (`http`): HTTP routes as triggers, through Hono on node:http (BUILTINS.md §3). */
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
        const server = createServer(ctx, config, table)
        const port = await listenExclusive(server.server, {
          owner: ctx.name,
          host: config.host,
          port: config.port,
        })
        listening = { server, host: config.host, port }
        logger.info('http listener ready', { host: config.host, port })
      },
      stop() {
        if (!listening) return
        listening.server.closeAll()
        listening = undefined
      },
    }
  },
}
