import type { IncomingMessage } from 'node:http'
import type { ErrorCode } from '@iii/protocol'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { type BrowserRequest, tokenCookie } from './auth'
import { restoreRedacted } from './config-edit'
import type { EngineLink } from './engine-link'
import { type ProbeOptions, readProbe, sendProbe } from './http-probe'

export interface ApiOptions {
  link: EngineLink
  authorize(request: BrowserRequest): Promise<boolean>
  info(): Record<string, unknown>
  serveFile(pathname: string): Promise<Response>
  /** This console's instance name: `configuration::set` on it is refused (it cannot restart itself mid-call). */
  selfName: string
  /** Where "send a test request" goes: the engine's HTTP listener. */
  probe: ProbeOptions
  /** @default 1048576 */
  bodyLimitBytes?: number
}

const errorBody = (code: ErrorCode, message: string) => ({ error: { code, message } })

const peerOf = (env: unknown): string =>
  (env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? ''

/** The console's HTTP API: `GET /api/info`, `POST /api/call`, `POST /api/http`, and the app's files. */
export function createApi(options: ApiOptions): Hono {
  const app = new Hono()
  app.use('/api/*', async (c, next) => {
    const request = {
      headers: Object.fromEntries(c.req.raw.headers),
      // The socket's peer (node's request, handed over by @hono/node-server); never a header a
      // client could set.
      ipAddress: peerOf(c.env),
      path: c.req.path,
    }
    if (!(await options.authorize(request)))
      return c.json(errorBody('AUTH_ERROR', 'the console needs a valid token'), 401)
    return next()
  })
  app.get('/api/info', (c) => c.json({ ...options.info(), connected: options.link.connected }))
  app.post(
    '/api/call',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 1024 * 1024,
      onError: (c) => c.json(errorBody('INVALID_ARGUMENTS', 'the request body is too large'), 413),
    }),
    async (c) => {
      const input = await readCall(c.req.raw)
      if (typeof input === 'string') return c.json(errorBody('INVALID_ARGUMENTS', input), 400)
      let payload = input.payload
      if (input.function_id === 'configuration::set') {
        if ((payload as { id?: unknown } | null)?.id === options.selfName)
          return c.json(
            errorBody(
              'INVALID_ARGUMENTS',
              `${options.selfName} cannot restart itself from its own page; change its block in the config file`,
            ),
            400,
          )
        try {
          payload = await restoreRedacted(options.link, payload)
        } catch (err) {
          const message = `the stored value could not be read to keep its secrets: ${(err as Error).message}`
          return c.json({ ok: false, error: { code: 'NOT_FOUND', message } })
        }
      }
      return c.json(await options.link.call(input.function_id, payload, input.timeout_ms))
    },
  )
  app.post(
    '/api/http',
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 1024 * 1024,
      onError: (c) => c.json(errorBody('INVALID_ARGUMENTS', 'the request body is too large'), 413),
    }),
    async (c) => {
      const body = await c.req.json().catch(() => undefined)
      const input =
        body === undefined
          ? 'the body must be JSON: {method, path, headers?, body?}'
          : readProbe(body)
      if (typeof input === 'string') return c.json(errorBody('INVALID_ARGUMENTS', input), 400)
      return c.json(await sendProbe(input, options.probe))
    },
  )
  app.all('/api/*', (c) => c.json(errorBody('NOT_FOUND', `no console API at ${c.req.path}`), 404))
  app.get('*', async (c) => {
    const token = c.req.query('token')
    if (token !== undefined) {
      // The token moves from the URL into an HttpOnly cookie so page scripts never see it.
      const url = new URL(c.req.url)
      url.searchParams.delete('token')
      c.header(
        'set-cookie',
        `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      )
      return c.redirect(`${url.pathname}${url.search}`, 303)
    }
    return options.serveFile(c.req.path)
  })
  return app
}

interface CallInput {
  function_id: string
  payload: unknown
  timeout_ms?: number
}

async function readCall(request: Request): Promise<CallInput | string> {
  let body: unknown
  try {
    body = await request.json()
  } catch {
    return 'the body must be JSON: {function_id, payload?, timeout_ms?}'
  }
  const b = body as Partial<CallInput> | null
  if (!b || typeof b !== 'object' || Array.isArray(b)) return 'the body must be a JSON object'
  if (typeof b.function_id !== 'string' || b.function_id.trim() === '')
    return 'function_id must be a non-empty string'
  const t = b.timeout_ms
  if (t !== undefined && (!Number.isInteger(t) || t < 1 || t > 600_000))
    return 'timeout_ms must be an integer between 1 and 600000'
  return { function_id: b.function_id, payload: b.payload ?? {}, timeout_ms: t }
}
