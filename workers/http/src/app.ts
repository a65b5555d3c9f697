import { Hono } from 'hono'
import { corsMiddleware } from './cors'
import { failureResponse } from './errors'
import type { PipelineDeps } from './pipeline/deps'
import { createRequestHandler } from './pipeline/run-request'
import type { Connection } from './server/connection'

const isUnder = (path: string, prefix: string) =>
  path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)

/**
 * The Hono app behind the node:http adapter: CORS, then the pipeline (which takes a
 * concurrency slot once it knows the route). Routing is the pipeline's own trie, not Hono's
 * router: routes come and go with bindings, and a lookup must not depend on the number of routes.
 */
export function createHttpApp(deps: PipelineDeps): Hono<{ Bindings: Connection }> {
  const app = new Hono<{ Bindings: Connection }>()
  const handle = createRequestHandler(deps)
  app.use(corsMiddleware(deps.config.cors))
  app.all('*', (c) => {
    const mount = deps.mount?.()
    if (mount && isUnder(c.req.path, mount.path)) return mount.handle(c.req.raw)
    return handle(c.req.raw, c.env)
  })
  app.onError((err, c) =>
    failureResponse(err, {
      logger: deps.logger,
      phase: 'pipeline',
      method: c.req.method,
      path: c.req.path,
    }),
  )
  return app
}
