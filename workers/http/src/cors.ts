import type { MiddlewareHandler } from 'hono'
import type { CorsConfig } from './config'
import { routeMethods } from './routes/http-trigger'

/** How long a browser may cache a preflight answer. */
const preflightMaxAgeSeconds = '600'

const anyOf = (list: string[] | undefined): boolean =>
  list === undefined || list.length === 0 || list.includes('*')

/**
 * CORS (BUILTINS.md §3): a missing block allows every origin; an empty list or `*` means any.
 * Every request header is allowed. A preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) is answered here, before routing; other `OPTIONS` requests
 * reach their routes.
 */
export function corsMiddleware(cors: CorsConfig | undefined): MiddlewareHandler {
  const anyOrigin = anyOf(cors?.allowed_origins)
  const origins = new Set(cors?.allowed_origins ?? [])
  const methods = anyOf(cors?.allowed_methods)
    ? [...routeMethods]
    : (cors?.allowed_methods ?? []).map((m) => m.toUpperCase())
  const allowMethods = methods.join(', ')
  const allowedOrigin = (origin: string): string | undefined =>
    anyOrigin ? '*' : origins.has(origin) ? origin : undefined

  return async (c, next) => {
    const origin = c.req.header('origin')
    if (!origin) return next()
    const allowed = allowedOrigin(origin)
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      const headers = new Headers({ vary: 'Origin' })
      if (allowed) {
        headers.set('access-control-allow-origin', allowed)
        headers.set('access-control-allow-methods', allowMethods)
        headers.set(
          'access-control-allow-headers',
          c.req.header('access-control-request-headers') || '*',
        )
        headers.set('access-control-max-age', preflightMaxAgeSeconds)
      }
      return new Response(null, { status: 200, headers })
    }
    await next()
    if (!allowed) return
    c.res.headers.set('access-control-allow-origin', allowed)
    if (allowed !== '*') c.res.headers.append('vary', 'Origin')
  }
}
