import { waitFor } from '@iii/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type RawExchange, rawHttp } from '../../src/raw-http'
import { type HttpEngine, httpConfig, startHttpEngine } from '../http/harness'

/** Issue 12, row 8: a route whose handler never answers cannot starve the other routes. */
describe('issue 12: fair concurrency', () => {
  let h: HttpEngine
  afterEach(async () => h?.close())

  it('row 8: a never-answering route holds its share; its queue overflows with 503 + Retry-After; others answer', async () => {
    // 40 slots: the slow route may hold 10 (a quarter) and queue 10 more.
    h = await startHttpEngine({
      configText: httpConfig('{concurrency_request_limit: 40, concurrency_queue_limit: 10}'),
    })
    let hung = 0
    const w = h.worker()
    w.registerFunction('fair::hang', async () => {
      hung++
      return new Promise(() => {})
    })
    w.registerFunction('fair::ok', async () => ({ body: { ok: true } }))
    w.registerTrigger({ type: 'http', function_id: 'fair::hang', config: { api_path: '/hang' } })
    w.registerTrigger({ type: 'http', function_id: 'fair::ok', config: { api_path: '/ok' } })
    await h.routes(2)

    // 60 requests to the hanging route, each on its own connection, more than the global limit.
    const stop = new AbortController()
    const hanging: Promise<RawExchange>[] = []
    let settled = 0
    for (let i = 0; i < 60; i++) {
      const one = rawHttp(h.base, 'GET /hang HTTP/1.1\r\nHost: t\r\n\r\n', {
        responses: 1,
        timeoutMs: 60_000,
        signal: stop.signal,
      })
      hanging.push(one.finally(() => settled++))
    }
    // 10 in flight + 10 queued wait; the other 40 are refused at once.
    await waitFor(() => settled >= 40 && hung >= 10, {
      what: '40 refusals and 10 handlers running',
      timeoutMs: 30_000,
    })

    // The other route keeps answering while the hanging one is saturated.
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${h.base}/ok`, { signal: AbortSignal.timeout(5_000) })
      expect(res.status).toBe(200)
      await res.text()
    }
    stop.abort()
    const answered = (await Promise.all(hanging)).flatMap((x) => x.responses)
    const full = answered.filter((r) => r.status === 503)
    expect(full).toHaveLength(40)
    for (const r of full) {
      expect(r.headers['retry-after']).toBe('1')
      expect(JSON.parse(r.body).error.code).toBe('TOO_MANY_REQUESTS')
    }
    expect(answered).toHaveLength(40)
    expect(hung).toBe(10)
  })
})
