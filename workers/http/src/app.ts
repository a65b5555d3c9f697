import { Hono } from 'hono'
import { ConcurrencyLimit } from './concurrency'
import { corsMiddleware } from './cors'
import { failureResponse } from './errors'
import type { PipelineDeps } from './pipeline/deps'
import { createRequestHandler } from './pipeline/run-request'
import type { Connection } from './server/connection'

/**
 * The Hono app behind the uWS adapter: CORS, then the concurrency limit, then the pipeline.
 * Routing is the pipeline's own trie, not Hono's router: routes come and go with bindings, and
 * a lookup must not depend on the number of routes.
 */
export function createHttpApp(deps: PipelineDeps): Hono<{ Bindings: Connection }> {
  const app = new Hono<{ Bindings: Connection }>()
  const limit = new ConcurrencyLimit(deps.config.concurrency_request_limit)
  const handle = createRequestHandler(deps)
  app.use(corsMiddleware(deps.config.cors))
  app.use(async (c, next) => {
    const slot = limit.acquire(c.env)
    if (slot === true || (await slot)) return next()
    return c.body(null)
  })
  app.all('*', (c) => handle(c.req.raw, c.env))
  app.onError((err, c) => failureResponse(err, { logger: deps.logger, phase: 'pipeline', method: c.req.method, path: c.req.path }))
  return app
}
