import type { connectWorker } from './client'

type Worker = ReturnType<typeof connectWorker>

/** The request fields a handler echoes: the channel refs and per-connection headers stay out. */
const echoed = (req: Record<string, unknown>) => {
  const { request_body: _b, response: _r, ...rest } = req
  return rest
}

/**
 * Functions and HTTP routes the scripted steps use, registered by one helper worker on each
 * engine the same way.
 */
export function registerHelpers(w: Worker): void {
  const fn = (id: string, handler: (input: any) => Promise<unknown>) =>
    w.registerFunction(id, handler as never)
  fn('diff::echo', async (input) => input)
  fn('diff::nothing', async () => undefined)
  fn('diff::null', async () => null)
  fn('diff::throw', async () => {
    throw new Error('exploded on purpose')
  })
  fn('diff::throw-code', async () => {
    throw Object.assign(new Error('custom failure'), { code: 'E_CUSTOM' })
  })
  fn('diff::http-echo', async (req) => ({ status_code: 200, body: { input: echoed(req) } }))
  fn('diff::http-status', async () => ({
    status_code: 201,
    headers: { 'x-diff': 'yes' },
    body: 'created',
  }))
  fn('diff::http-nothing', async () => undefined)
  fn('diff::http-throw', async () => {
    throw new Error('handler exploded')
  })
  let lastMiddlewareInput: unknown
  fn('diff::mw-continue', async (input) => {
    lastMiddlewareInput = input
    return { action: 'continue' }
  })
  fn('diff::mw-last', async () => lastMiddlewareInput)
  fn('diff::mw-respond', async () => ({
    action: 'respond',
    response: { status_code: 401, body: { denied: true } },
  }))
  fn('diff::mw-throw', async () => {
    throw new Error('middleware exploded')
  })
  fn('diff::cond-false', async () => false)

  const route = (function_id: string, api_path: string, http_method: string, extra = {}) =>
    w.registerTrigger({
      type: 'http',
      function_id,
      config: { api_path, http_method, ...extra },
    } as never)
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'])
    route('diff::http-echo', '/diff/echo/:id', method)
  route('diff::http-status', '/diff/status', 'POST')
  route('diff::http-nothing', '/diff/nothing', 'GET')
  route('diff::http-throw', '/diff/throw', 'GET')
  route('diff::http-echo', '/diff/mw', 'GET', { middleware_function_ids: ['diff::mw-continue'] })
  route('diff::http-echo', '/diff/blocked', 'GET', {
    middleware_function_ids: ['diff::mw-respond'],
  })
  route('diff::http-echo', '/diff/mw-throw', 'GET', { middleware_function_ids: ['diff::mw-throw'] })
  route('diff::http-echo', '/diff/cond', 'GET', { condition_function_id: 'diff::cond-false' })
}
