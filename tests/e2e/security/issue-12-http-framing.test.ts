import { afterEach, describe, expect, it } from 'vitest'
import { rawHttp } from '../../src/raw-http'
import { type HttpEngine, startHttpEngine } from '../http/harness'

/** Issue 12, rows 9, 10 and 12: the HTTP listener speaks HTTP/1.x like a real server. */
describe('issue 12: HTTP framing', () => {
  let h: HttpEngine
  afterEach(async () => h?.close())

  /** `GET /ok?i=n` answers `{i}`; `POST /count` counts its calls. */
  async function serve(): Promise<{ posts: () => number }> {
    h = await startHttpEngine()
    let posts = 0
    const w = h.worker()
    w.registerFunction('framing::ok', async (req: { query_params?: { i?: string } }) => ({
      body: { i: req.query_params?.i ?? null },
    }))
    w.registerFunction('framing::count', async (req: { body?: unknown }) => {
      posts++
      return { body: { got: req.body, n: posts } }
    })
    w.registerTrigger({ type: 'http', function_id: 'framing::ok', config: { api_path: '/ok' } })
    w.registerTrigger({
      type: 'http',
      function_id: 'framing::count',
      config: { api_path: '/count', http_method: 'POST' },
    })
    await h.routes(2)
    return { posts: () => posts }
  }

  it('row 9: answers HTTP/1.0, bare and with keep-alive', async () => {
    await serve()
    const bare = await rawHttp(h.base, 'GET /ok?i=1 HTTP/1.0\r\n\r\n')
    expect(bare.responses).toHaveLength(1)
    expect(bare.responses[0]).toMatchObject({ status: 200, body: '{"i":"1"}' })
    // HTTP/1.0 without keep-alive: the server ends the connection after the response.
    expect(bare.closed).toBe(true)
    expect(bare.responses[0]?.headers['transfer-encoding']).toBeUndefined()

    const kept = await rawHttp(h.base, 'GET /ok?i=2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', {
      responses: 1,
    })
    expect(kept.responses[0]).toMatchObject({ status: 200, body: '{"i":"2"}' })
  })

  it('row 10: answers 200 pipelined GETs in order, and 2 pipelined POSTs once each', async () => {
    const { posts } = await serve()
    const count = 200
    const gets = Array.from(
      { length: count },
      (_, i) => `GET /ok?i=${i} HTTP/1.1\r\nHost: t\r\n\r\n`,
    ).join('')
    const got = await rawHttp(h.base, gets, { responses: count, timeoutMs: 30_000 })
    expect(got.responses.map((r) => r.status)).toEqual(Array(count).fill(200))
    expect(got.responses.map((r) => JSON.parse(r.body).i)).toEqual(
      Array.from({ length: count }, (_, i) => String(i)),
    )

    const post = (n: number) => {
      const body = JSON.stringify({ n })
      return `POST /count HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
    }
    const both = await rawHttp(h.base, post(1) + post(2), { responses: 2 })
    expect(both.responses.map((r) => JSON.parse(r.body).got)).toEqual([{ n: 1 }, { n: 2 }])
    expect(posts()).toBe(2)
  })

  it('row 12: malformed requests get 400, oversized heads 431, unknown methods 501', async () => {
    await serve()
    const cases: [string, number, string][] = [
      ['GET /ok HTTP/1.1\r\nHost: t\r\nbad header line\r\n\r\n', 400, 'BAD_REQUEST'],
      ['GET /ok HTTP/1.1\r\nHost: t\r\nX Space: 1\r\n\r\n', 400, 'BAD_REQUEST'],
      ['GET /ok HTTP/9.9\r\nHost: t\r\n\r\n', 400, 'BAD_REQUEST'],
      [
        'POST /count HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
        400,
        'BAD_REQUEST',
      ],
      [
        `GET /ok HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
        'HEADERS_TOO_LARGE',
      ],
      [
        `GET /ok HTTP/1.1\r\nHost: t\r\n${Array.from({ length: 4000 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n`,
        431,
        'HEADERS_TOO_LARGE',
      ],
      ['FOO /ok HTTP/1.1\r\nHost: t\r\n\r\n', 501, 'NOT_IMPLEMENTED'],
      ['PROPFIND /ok HTTP/1.1\r\nHost: t\r\n\r\n', 501, 'NOT_IMPLEMENTED'],
    ]
    for (const [payload, status, code] of cases) {
      const got = await rawHttp(h.base, payload, { responses: 1 })
      const what = payload.slice(0, 60)
      expect(got.responses, what).toHaveLength(1)
      expect(got.responses[0]?.status, what).toBe(status)
      expect(JSON.parse(got.responses[0]?.body ?? '{}').error?.code, what).toBe(code)
    }
    // The listener still serves ordinary requests.
    expect((await fetch(`${h.base}/ok?i=after`)).status).toBe(200)
  })
})
