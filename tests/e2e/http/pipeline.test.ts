import { deferred, waitFor } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpEngine, httpConfig, startHttpEngine } from './harness'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** An error whose string `code` our iii-sdk keeps on the wire. */
const coded = (code: string, message: string) => Object.assign(new Error(message), { code })

const config = httpConfig(
  `{default_timeout: 1000, middleware: [{function_id: "pipe::g2", priority: 5}, {function_id: "pipe::g1", priority: -1}]}`,
  '{}',
  'invocation_timeout_ms: 3000',
)

describe('iii-http pipeline and error envelopes', () => {
  let h: HttpEngine
  const log: string[] = []
  const seen: Record<string, any> = {}

  beforeAll(async () => {
    h = await startHttpEngine({ configText: config })
    const mw = h.worker()
    const app = h.worker()
    // Global middleware is steered by request headers so one engine covers every case.
    mw.registerFunction('pipe::g1', async (input: any) => {
      log.push('g1')
      seen.g1 = { input, channels: h.engine.core.channels.size }
      const mode = input.headers['x-g1']
      if (mode === 'respond')
        return { action: 'respond', response: { status_code: 418, body: { by: 'g1' } } }
      if (mode === 'fail') throw coded('G1_FAILED', 'g1 refused')
      if (mode === 'sleep') await sleep(2500)
      return { action: 'continue' }
    })
    mw.registerFunction('pipe::g2', async () => {
      log.push('g2')
      return 'anything else continues'
    })
    mw.registerFunction('pipe::cond', async (input: any) => {
      log.push('cond')
      seen.cond = { input, channels: h.engine.core.channels.size }
      if (input.headers['x-cond'] === 'fail') throw coded('COND_BROKE', 'condition crashed')
      return input.headers['x-cond'] !== 'false'
    })
    mw.registerFunction('pipe::r1', async (input: any) => {
      log.push('r1')
      if (input.headers['x-r1'] === 'respond')
        return {
          action: 'respond',
          response: { status_code: 401, headers: { 'x-by': 'r1' }, body: 'no' },
        }
      return { action: 'continue' }
    })
    mw.registerFunction('pipe::r2', async () => {
      log.push('r2')
      return null
    })
    app.registerFunction('pipe::handler', async (req: any) => {
      log.push('handler')
      const mode = req.headers['x-handler']
      if (mode === 'fail') throw coded('ORDER_REJECTED', 'order total must be positive')
      if (mode === 'sleep') await sleep(5000)
      if (mode === 'string') return 'not a response'
      if (mode === 'status') return { status_code: 42 }
      return { body: { ok: true } }
    })
    app.registerTrigger({
      type: 'http',
      function_id: 'pipe::handler',
      config: {
        api_path: '/p/:id',
        http_method: 'POST',
        condition_function_id: 'pipe::cond',
        middleware_function_ids: ['pipe::r1', 'pipe::r2'],
      },
    })
    await h.routes(1)
  })

  afterAll(async () => h?.close())

  const call = async (headers: Record<string, string> = {}) => {
    log.length = 0
    const res = await fetch(`${h.base}/p/7?q=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"total":3}',
    })
    const body: any = await res.json().catch(() => undefined)
    return { status: res.status, body, headers: res.headers }
  }

  it('runs global middleware by priority, then the body, condition, per-route middleware and handler', async () => {
    const res = await call()
    expect(res).toMatchObject({ status: 200, body: { ok: true } })
    expect(log).toEqual(['g1', 'g2', 'cond', 'r1', 'r2', 'handler'])
    // Global middleware runs before the request's channels exist and sees no body.
    expect(seen.g1.channels).toBe(0)
    const request = {
      path_params: { id: '7' },
      query_params: { q: '1' },
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      method: 'POST',
    }
    expect(seen.g1.input).toEqual({ ...request, phase: 'preHandler', request, context: {} })
    // The condition runs after the body phase: channels exist, the body is parsed, refs are withheld.
    expect(seen.cond.channels).toBe(2)
    expect(seen.cond.input).toMatchObject({
      path: '/p/:id',
      body: { total: 3 },
      path_params: { id: '7' },
    })
    expect(seen.cond.input).not.toHaveProperty('request_body')
    expect(seen.cond.input).not.toHaveProperty('response')
  })

  it('middleware may answer instead of the handler', async () => {
    expect(await call({ 'x-g1': 'respond' })).toMatchObject({ status: 418, body: { by: 'g1' } })
    expect(log).toEqual(['g1'])
    const r1 = await call({ 'x-r1': 'respond' })
    expect(r1.status).toBe(401)
    expect(r1.headers.get('x-by')).toBe('r1')
    expect(log).toEqual(['g1', 'g2', 'cond', 'r1'])
  })

  it('422 CONDITION_NOT_MET with skipped:true when the condition says false', async () => {
    const res = await call({ 'x-cond': 'false' })
    expect(res.status).toBe(422)
    expect(res.body).toEqual({
      error: { code: 'CONDITION_NOT_MET', message: expect.stringContaining('pipe::cond') },
      skipped: true,
    })
    expect(log).not.toContain('handler')
  })

  it('500 with the failing function’s own code and a logged error_id (condition, middleware, handler)', async () => {
    for (const [headers, code, fn] of [
      [{ 'x-cond': 'fail' }, 'COND_BROKE', 'pipe::cond'],
      [{ 'x-g1': 'fail' }, 'G1_FAILED', 'pipe::g1'],
      [{ 'x-handler': 'fail' }, 'ORDER_REJECTED', 'pipe::handler'],
    ] as const) {
      const res = await call(headers)
      expect(res.status).toBe(500)
      expect(res.body).toEqual({
        error: {
          code,
          message: expect.any(String),
          error_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        },
      })
      const record = h.engine.records.find((r) => r.fields.error_id === res.body.error.error_id)
      expect(record?.fields).toMatchObject({ code, function_id: fn })
    }
  })

  it('redacts secret request headers in the log line of a failure', async () => {
    const secrets = {
      authorization: 'Bearer top-secret-1',
      cookie: 'session=top-secret-2',
      'x-api-key': 'top-secret-3',
      'proxy-authorization': 'Basic top-secret-4',
    }
    const res = await call({ ...secrets, 'x-handler': 'fail', 'x-visible': 'shown' })
    const record = h.engine.records.find((r) => r.fields.error_id === res.body.error.error_id)
    const headers = record?.fields.headers as Record<string, string>
    expect(headers['x-visible']).toBe('shown')
    for (const name of Object.keys(secrets)) expect(headers[name]).toBe('[redacted]')
    expect(JSON.stringify(h.engine.records)).not.toContain('top-secret')
  })

  it('504 MIDDLEWARE_TIMEOUT past default_timeout, 504 TIMEOUT past the invocation timeout', async () => {
    const mw = await call({ 'x-g1': 'sleep' })
    expect(mw.status).toBe(504)
    expect(mw.body.error.code).toBe('MIDDLEWARE_TIMEOUT')
    const handler = await call({ 'x-handler': 'sleep' })
    expect(handler.status).toBe(504)
    expect(handler.body.error.code).toBe('TIMEOUT')
  })

  it('500 INTERNAL_ERROR when the handler returns something that is not a response', async () => {
    for (const mode of ['string', 'status']) {
      const res = await call({ 'x-handler': mode })
      expect(res.status).toBe(500)
      expect(res.body.error).toMatchObject({ code: 'INTERNAL_ERROR', error_id: expect.any(String) })
    }
  })

  it('503 UNAVAILABLE when the function is missing or its worker leaves mid-request', async () => {
    const w = h.worker()
    const gone = w.registerFunction('pipe::gone', async () => ({ body: 'never' }))
    w.registerTrigger({ type: 'http', function_id: 'pipe::gone', config: { api_path: '/gone' } })
    await h.routes(2)
    gone.unregister()
    await waitFor(() => h.engine.core.functions.get('default', 'pipe::gone') === undefined, {
      what: 'pipe::gone removed',
    })
    const missing = await fetch(`${h.base}/gone`)
    expect(missing.status).toBe(503)
    expect(((await missing.json()) as any).error).toMatchObject({
      code: 'UNAVAILABLE',
      error_id: expect.any(String),
    })

    const leaving = h.worker()
    const started = deferred()
    leaving.registerFunction('pipe::stuck', async () => {
      started.resolve()
      return new Promise(() => {})
    })
    leaving.registerTrigger({
      type: 'http',
      function_id: 'pipe::stuck',
      config: { api_path: '/stuck' },
    })
    await h.routes(3)
    const pending = fetch(`${h.base}/stuck`)
    await started.promise
    await leaving.shutdown()
    const res = await pending
    expect(res.status).toBe(503)
    expect(((await res.json()) as any).error.code).toBe('UNAVAILABLE')
  })

  it('a published iii-sdk handler that throws answers 500 invocation_failed', async () => {
    const pub = h.publishedWorker()
    pub.registerFunction('pipe::published-fail', async () => {
      throw new Error('published handler broke')
    })
    pub.registerTrigger({
      type: 'http',
      function_id: 'pipe::published-fail',
      config: { api_path: '/published-fail' },
    })
    await h.routes(3)
    const res = await fetch(`${h.base}/published-fail`)
    expect(res.status).toBe(500)
    expect(((await res.json()) as any).error).toMatchObject({
      code: 'invocation_failed',
      message: expect.stringContaining('published handler broke'),
    })
  })
})
