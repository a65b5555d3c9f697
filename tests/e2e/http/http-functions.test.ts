import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { freePort, uniqueName, waitFor } from '@iii/testing'
import type { IIIWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpEngine, httpConfig, startHttpEngine } from './harness'

interface Received {
  method: string
  path: string
  rawHeaders: string[]
  body: string
}

/** A loopback server that records every call and answers by path. */
async function startTarget(): Promise<{ server: Server; base: string; received: Received[] }> {
  const received: Received[] = []
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const path = req.url ?? '/'
    received.push({
      method: req.method ?? '',
      path,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString(),
    })
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    if (path === '/ok') return json(200, { answered: true })
    if (path === '/empty') return res.writeHead(204).end()
    if (path === '/text') return res.writeHead(200, { 'content-type': 'text/plain' }).end('hello')
    if (path === '/upstream-error')
      return json(409, { error: { code: 'STOCK_EMPTY', message: 'no stock left' } })
    if (path === '/plain-error')
      return res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream down')
    if (path === '/redirect') return res.writeHead(302, { location: '/ok' }).end()
    if (path === '/slow') return undefined // never answers
    return res.writeHead(404).end()
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return { server, base: `http://127.0.0.1:${port}`, received }
}

/** Header values in the order they arrived, for the names given. */
const inOrder = (raw: string[], names: string[]) => {
  const out: [string, string][] = []
  for (let i = 0; i < raw.length; i += 2)
    if (names.includes((raw[i] ?? '').toLowerCase())) out.push([raw[i] ?? '', raw[i + 1] ?? ''])
  return out
}
const header = (raw: string[], name: string) => inOrder(raw, [name])[0]?.[1]

describe('iii-http-functions: calls, auth and response mapping', () => {
  let h: HttpEngine
  let target: Awaited<ReturnType<typeof startTarget>>
  let owner: IIIWorker
  let caller: IIIWorker
  const env = {
    secret: uniqueName('HF_SECRET').replace(/-/g, '_'),
    token: uniqueName('HF_TOKEN').replace(/-/g, '_'),
    key: uniqueName('HF_KEY').replace(/-/g, '_'),
  }

  beforeAll(async () => {
    process.env[env.secret] = 'hmac-secret-value'
    process.env[env.token] = 'bearer-token-value'
    process.env[env.key] = 'api-key-value'
    target = await startTarget()
    h = await startHttpEngine({
      configText: httpConfig('{}', '{security: {require_https: false, block_private_ips: false}}'),
    })
    owner = h.worker()
    caller = h.worker()
  })
  afterAll(async () => {
    await h?.close()
    target?.server.close()
    for (const name of Object.values(env)) delete process.env[name]
  })

  const register = async (id: string, ref: Record<string, unknown>) => {
    owner.registerFunction(id, { url: `${target.base}/ok`, ...ref } as never)
    await h.registered(id)
  }
  const refusal = (id: string) =>
    waitFor(
      () =>
        h.engine.records.find(
          (r) => r.msg === 'HTTP-invoked function refused' && r.fields.function_id === id,
        ),
      {
        what: `refusal of ${id}`,
      },
    )

  it('sends the payload as JSON with the x-iii headers in order, then the ref headers, then an HMAC signature', async () => {
    await register('hf::hmac', {
      method: 'PUT',
      headers: { 'X-Ref': 'from-ref' },
      auth: { type: 'hmac', secret_key: env.secret },
    })
    await expect(
      caller.trigger({ function_id: 'hf::hmac', payload: { order: 1, note: 'ü' } }),
    ).resolves.toEqual({ answered: true })
    const got = target.received.at(-1) as Received
    expect(got.method).toBe('PUT')
    expect(JSON.parse(got.body)).toEqual({ order: 1, note: 'ü' })
    const names = [
      'content-type',
      'x-iii-function-path',
      'x-iii-invocation-id',
      'x-iii-timestamp',
      'x-ref',
      'x-iii-signature',
    ]
    const ordered = inOrder(got.rawHeaders, names)
    expect(ordered.map(([n]) => n.toLowerCase())).toEqual(names)
    expect(header(got.rawHeaders, 'content-type')).toBe('application/json')
    expect(header(got.rawHeaders, 'x-iii-function-path')).toBe('hf::hmac')
    expect(header(got.rawHeaders, 'x-iii-invocation-id')).toMatch(/^[0-9a-f-]{36}$/)
    const timestamp = header(got.rawHeaders, 'x-iii-timestamp') ?? ''
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300)
    // Independent computation of the signature from the bytes that arrived.
    const expected = createHmac('sha256', 'hmac-secret-value')
      .update(`${timestamp}:${Buffer.from(got.body).toString('base64')}`)
      .digest('hex')
    expect(header(got.rawHeaders, 'x-iii-signature')).toBe(`sha256=${expected}`)
  })

  it('bearer and api_key auth read their secrets from the named environment variables', async () => {
    await register('hf::bearer', { auth: { type: 'bearer', token_key: env.token } })
    await caller.trigger({ function_id: 'hf::bearer', payload: null })
    const bearer = target.received.at(-1) as Received
    expect(bearer.method).toBe('POST')
    expect(bearer.body).toBe('null')
    expect(header(bearer.rawHeaders, 'authorization')).toBe('Bearer bearer-token-value')
    expect(header(bearer.rawHeaders, 'x-iii-signature')).toBeUndefined()

    await register('hf::apikey', {
      auth: { type: 'api_key', header: 'X-Api-Key', value_key: env.key },
    })
    await caller.trigger({ function_id: 'hf::apikey', payload: [1, 2] })
    const apiKey = target.received.at(-1) as Received
    expect(apiKey.body).toBe('[1,2]')
    expect(header(apiKey.rawHeaders, 'x-api-key')).toBe('api-key-value')
    expect(header(apiKey.rawHeaders, 'authorization')).toBeUndefined()
  })

  it('maps responses: 204 → null, upstream errors, http_error, invalid_response, redirects not followed, timeouts', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['hf::empty', { url: `${target.base}/empty` }],
      ['hf::text', { url: `${target.base}/text` }],
      ['hf::upstream', { url: `${target.base}/upstream-error` }],
      ['hf::plain', { url: `${target.base}/plain-error` }],
      ['hf::redirect', { url: `${target.base}/redirect` }],
      ['hf::slow', { url: `${target.base}/slow`, timeout_ms: 300 }],
      ['hf::refused', { url: `http://127.0.0.1:${await freePort()}/nobody` }],
    ]
    for (const [id, ref] of cases) await register(id, ref)
    const outcome = (id: string) =>
      caller.trigger({ function_id: id, payload: {} }).then(
        (result) => ({ result }),
        (err) => ({ code: err.code, message: err.message }),
      )
    expect(await outcome('hf::empty')).toEqual({ result: null })
    expect(await outcome('hf::text')).toMatchObject({ code: 'invalid_response' })
    expect(await outcome('hf::upstream')).toMatchObject({
      code: 'STOCK_EMPTY',
      message: expect.stringContaining('no stock left'),
    })
    expect(await outcome('hf::plain')).toMatchObject({
      code: 'http_error',
      message: expect.stringContaining('HTTP 502 Bad Gateway'),
    })
    const okCalls = target.received.filter((r) => r.path === '/ok').length
    expect(await outcome('hf::redirect')).toEqual({ result: null })
    expect(target.received.filter((r) => r.path === '/ok').length).toBe(okCalls)
    expect(await outcome('hf::slow')).toMatchObject({
      code: 'http_request_failed',
      message: expect.stringContaining('timed out'),
    })
    expect(await outcome('hf::refused')).toMatchObject({ code: 'http_request_failed' })
  })

  it('refuses registrations whose secrets are missing or whose refs are bad', async () => {
    const refused: [string, Record<string, unknown>, string, RegExp][] = [
      [
        'hf::no-secret',
        { auth: { type: 'hmac', secret_key: 'HF_UNSET_SECRET' } },
        'secret_not_found',
        /HF_UNSET_SECRET/,
      ],
      [
        'hf::no-token',
        { auth: { type: 'bearer', token_key: 'HF_UNSET_TOKEN' } },
        'token_not_found',
        /HF_UNSET_TOKEN/,
      ],
      [
        'hf::no-key',
        { auth: { type: 'api_key', header: 'x-key', value_key: 'HF_UNSET_KEY' } },
        'api_key_not_found',
        /HF_UNSET_KEY/,
      ],
      ['hf::bad-url', { url: 'not a url' }, 'url_validation_failed', /Invalid URL/],
      ['hf::ftp', { url: 'ftp://127.0.0.1/file' }, 'url_validation_failed', /scheme/],
      [
        'hf::reserved',
        { headers: { 'x-iii-Timestamp': '1' } },
        'INVALID_ARGUMENTS',
        /set by the engine/,
      ],
      ['hf::crlf', { headers: { 'X-Evil': 'a\r\nInjected: yes' } }, 'INVALID_ARGUMENTS', /CR, LF/],
      ['hf::bad-name', { headers: { 'Bad Name': 'x' } }, 'INVALID_ARGUMENTS', /not valid/],
    ]
    for (const [id, ref] of refused)
      owner.registerFunction(id, { url: `${target.base}/ok`, ...ref } as never)
    for (const [id, , code, reason] of refused) {
      const record = await refusal(id)
      expect(record.fields.code, id).toBe(code)
      expect(String(record.fields.reason), id).toMatch(reason)
      expect(h.engine.core.functions.get('default', id), id).toBeUndefined()
    }
    // A method outside the protocol's set fails frame validation and is dropped.
    owner.registerFunction('hf::bad-method', { url: `${target.base}/ok`, method: 'FETCH' } as never)
    await waitFor(() => h.engine.records.find((r) => r.msg === 'malformed frame dropped'), {
      what: 'malformed frame',
    })
    expect(h.engine.core.functions.get('default', 'hf::bad-method')).toBeUndefined()
  })
})

describe('iii-http-functions: URL validation with the default security settings', () => {
  let h: HttpEngine
  beforeAll(async () => {
    h = await startHttpEngine()
  })
  afterAll(async () => h?.close())

  it('blocks private, link-local, IPv6 local and IPv4-mapped addresses, plain HTTP and names that do not resolve', async () => {
    const w = h.worker()
    const cases: [string, string][] = [
      ['https://10.1.2.3/hook', 'Private IP blocked'],
      ['https://172.16.0.9/hook', 'Private IP blocked'],
      ['https://192.168.1.20/hook', 'Private IP blocked'],
      ['https://127.0.0.1/hook', 'Private IP blocked'],
      ['https://2130706433/hook', 'Private IP blocked'],
      ['https://169.254.169.254/latest/meta-data', 'Private IP blocked'],
      ['https://169.254.10.1/hook', 'Private IP blocked'],
      ['https://[::1]/hook', 'Private IP blocked'],
      ['https://[fd12:3456::1]/hook', 'Private IP blocked'],
      ['https://[fe80::1]/hook', 'Private IP blocked'],
      ['https://[::]/hook', 'Private IP blocked'],
      ['https://[ff02::1]/hook', 'Private IP blocked'],
      ['https://[::ffff:10.0.0.1]/hook', 'Private IP blocked'],
      ['https://[::ffff:169.254.169.254]/hook', 'Private IP blocked'],
      ['https://[::ffff:7f00:1]/hook', 'Private IP blocked'],
      ['https://localhost/hook', 'Private IP blocked'],
      ['https://192.0.2.10/hook', 'Private IP blocked'],
      ['https://255.255.255.255/hook', 'Private IP blocked'],
      ['http://93.184.216.34/hook', 'HTTPS is required'],
      ['https://no-such-host.invalid/hook', 'DNS lookup failed'],
    ]
    for (const [i, [url]] of cases.entries()) w.registerFunction(`ssrf::${i}`, { url })
    for (const [i, [url, reason]] of cases.entries()) {
      const record = await waitFor(
        () =>
          h.engine.records.find(
            (r) =>
              r.msg === 'HTTP-invoked function refused' && r.fields.function_id === `ssrf::${i}`,
          ),
        { what: `refusal of ${url}` },
      )
      expect(record.fields, url).toMatchObject({ code: 'url_validation_failed', reason })
    }
    for (let i = 0; i < cases.length; i++)
      expect(h.engine.core.functions.get('default', `ssrf::${i}`)).toBeUndefined()
  })
})

describe('iii-http-functions: url_allowlist', () => {
  it('accepts only hosts that match a glob', async () => {
    const h = await startHttpEngine({
      configText: httpConfig(
        '{}',
        '{security: {url_allowlist: ["*.allowed.example"], block_private_ips: false}}',
      ),
    })
    try {
      const w = h.worker()
      w.registerFunction('allow::yes', { url: 'https://api.allowed.example/hook' })
      w.registerFunction('allow::no', { url: 'https://api.other.example/hook' })
      w.registerFunction('allow::apex', { url: 'https://allowed.example/hook' })
      await h.registered('allow::yes')
      for (const id of ['allow::no', 'allow::apex']) {
        const record = await waitFor(() =>
          h.engine.records.find(
            (r) => r.msg === 'HTTP-invoked function refused' && r.fields.function_id === id,
          ),
        )
        expect(record.fields).toMatchObject({
          code: 'url_validation_failed',
          reason: expect.stringContaining('url_allowlist'),
        })
      }
    } finally {
      await h.close()
    }
  })
})
