import { createHash, randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { deferred } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpEngine, httpConfig, startHttpEngine } from './harness'

const limit = 64 * 1024

describe('iii-http bodies and streaming', () => {
  let h: HttpEngine
  let routeCount = 0
  const calls: string[] = []

  beforeAll(async () => {
    h = await startHttpEngine({ configText: httpConfig(`{body_limit_bytes: ${limit}}`) })
  })
  afterAll(async () => h?.close())

  /** Registers `id` on `api_path` with our SDK (its own connection) and waits for the route. */
  const route = async (
    id: string,
    api_path: string,
    handler: (req: any) => Promise<unknown>,
    http_method = 'POST',
  ) => {
    const w = h.worker()
    w.registerFunction(id, async (req: any) => {
      calls.push(id)
      return handler(req)
    })
    w.registerTrigger({ type: 'http', function_id: id, config: { api_path, http_method } })
    await h.routes(++routeCount)
    await h.registered(id)
    return w
  }

  it('parses JSON bodies, refuses malformed JSON with 400 INVALID_JSON, and streams other bodies through the request channel', async () => {
    await route('body::echo', '/echo', async (req) => {
      const raw = (await req.request_body.readAll()).toString()
      return { body: { parsed: req.body, raw, type: req.headers['content-type'] ?? null } }
    })
    const post = (body: string, type?: string) =>
      fetch(`${h.base}/echo`, {
        method: 'POST',
        body,
        headers: type ? { 'content-type': type } : {},
      })
    await expect(
      (await post('{"a":[1,2]}', 'application/json; charset=utf-8')).json(),
    ).resolves.toEqual({
      parsed: { a: [1, 2] },
      raw: '{"a":[1,2]}',
      type: 'application/json; charset=utf-8',
    })
    await expect((await post('', 'application/json')).json()).resolves.toMatchObject({
      parsed: null,
      raw: '',
    })
    await expect((await post('plain words', 'text/plain')).json()).resolves.toMatchObject({
      parsed: null,
      raw: 'plain words',
    })

    calls.length = 0
    for (const bad of ['{"a":', 'nope', '{"a":1}}']) {
      const res = await post(bad, 'application/json')
      expect(res.status).toBe(400)
      expect((await res.json()) as any).toEqual({
        error: { code: 'INVALID_JSON', message: expect.stringContaining('not valid JSON') },
      })
    }
    expect(calls).toEqual([])
  })

  it('streams a binary upload intact and sends a raw string body with a non-JSON content type', async () => {
    await route('body::hash', '/hash', async (req) => {
      const bytes = await req.request_body.readAll()
      return {
        headers: { 'Content-Type': 'text/plain' },
        body: `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`,
      }
    })
    const payload = randomBytes(60 * 1024)
    const res = await fetch(`${h.base}/hash`, {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(res.headers.get('content-type')).toBe('text/plain')
    expect(await res.text()).toBe(
      `${payload.length}:${createHash('sha256').update(payload).digest('hex')}`,
    )
  })

  it('413 PAYLOAD_TOO_LARGE by Content-Length before anything runs, and while a body streams in', async () => {
    await route('body::sink', '/sink', async (req) => {
      await req.request_body.readAll()
      return { body: 'read' }
    })
    calls.length = 0
    const declared = await fetch(`${h.base}/sink`, {
      method: 'POST',
      body: Buffer.alloc(limit + 1),
    })
    expect(declared.status).toBe(413)
    expect((await declared.json()) as any).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(String(limit)) },
    })
    expect(calls).toEqual([])

    for (const type of ['application/octet-stream', 'application/json']) {
      const chunks = Array.from({ length: 5 }, () => Buffer.alloc(limit / 4, 0x20))
      const body = new ReadableStream({
        pull(controller) {
          const next = chunks.shift()
          if (next) controller.enqueue(next)
          else controller.close()
        },
      })
      const res = await fetch(`${h.base}/sink`, {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { 'content-type': type },
      } as RequestInit)
      expect(res.status, type).toBe(413)
      expect(((await res.json()) as any).error.code).toBe('PAYLOAD_TOO_LARGE')
    }
  })

  it('closes the request channel instead when the limit is crossed after the response started', async () => {
    const read = deferred<number>()
    await route('body::late', '/late', async (req) => {
      await req.response.write('started;')
      const got = await req.request_body.readAll()
      read.resolve(got.length)
      await req.response.write('done')
      await req.response.close()
      return null
    })
    const { port } = new URL(h.base)
    const socket = connect(Number(port), '127.0.0.1')
    let text = ''
    const sawStart = deferred()
    const ended = deferred()
    socket.on('data', (data) => {
      text += data.toString()
      if (text.includes('started;')) sawStart.resolve()
    })
    socket.on('close', () => ended.resolve())
    const chunk = (size: number) => `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`
    socket.write(
      'POST /late HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Type: application/octet-stream\r\n\r\n',
    )
    socket.write(chunk(limit / 2))
    await sawStart.promise
    socket.write(chunk(limit))
    socket.write('0\r\n\r\n')
    await expect(read.promise).resolves.toBeLessThanOrEqual(limit)
    await new Promise<void>((resolve) => {
      const check = () => (text.includes('0\r\n\r\n') ? resolve() : setTimeout(check, 10))
      check()
    })
    socket.destroy()
    await ended.promise
    expect(text.startsWith('HTTP/1.1 200 OK')).toBe(true)
    expect(text).toContain('done')
    expect(text).not.toContain('PAYLOAD_TOO_LARGE')
  })

  it('streams a response: set_status and set_headers, then body chunks that reach the client as they are written', async () => {
    const release = deferred()
    await route(
      'body::stream',
      '/stream',
      async (req) => {
        await req.response.sendJson({ type: 'set_status', status_code: 206 })
        await req.response.sendJson({
          type: 'set_headers',
          headers: { 'content-type': 'text/plain', 'x-stream': 'yes' },
        })
        await req.response.write('first;')
        await release.promise
        await req.response.write('second')
        await req.response.close()
        // The body chunk came first, so this returned value is not the response.
        return { status_code: 500, body: 'ignored' }
      },
      'GET',
    )
    const res = await fetch(`${h.base}/stream`)
    expect(res.status).toBe(206)
    expect(res.headers.get('x-stream')).toBe('yes')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const first = await reader.read()
    expect(Buffer.from(first.value ?? []).toString()).toBe('first;')
    release.resolve()
    let rest = ''
    for (let next = await reader.read(); !next.done; next = await reader.read())
      rest += Buffer.from(next.value).toString()
    expect(rest).toBe('second')
  })

  it('a value returned before any body chunk is the response; returning nothing answers through the channel', async () => {
    await route('body::value', '/value', async () => ({ status_code: 201, body: { v: 1 } }), 'GET')
    const value = await fetch(`${h.base}/value`)
    expect(value.status).toBe(201)
    expect((await value.json()) as any).toEqual({ v: 1 })

    await route(
      'body::status-only',
      '/status-only',
      async (req) => {
        await req.response.sendJson({ type: 'set_status', status_code: 202 })
        await req.response.close()
        return undefined
      },
      'GET',
    )
    const statusOnly = await fetch(`${h.base}/status-only`)
    expect(statusOnly.status).toBe(202)
    expect(await statusOnly.text()).toBe('')

    await route('body::nothing', '/nothing', async () => undefined, 'GET')
    const nothing = await fetch(`${h.base}/nothing`)
    expect(nothing.status).toBe(200)
    expect(await nothing.text()).toBe('')
  })

  it('works with the published iii-sdk as the worker, both ways', async () => {
    const pub = h.publishedWorker()
    pub.registerFunction('body::published-json', async (req: any) => ({
      status_code: 200,
      body: { echo: req.body, id: req.path_params.id },
    }))
    pub.registerTrigger({
      type: 'http',
      function_id: 'body::published-json',
      config: { api_path: '/pub/:id', http_method: 'POST' },
    })
    pub.registerFunction('body::published-stream', async (req: any) => {
      const text = (await req.request_body.readAll()).toString()
      req.response.sendMessage(JSON.stringify({ type: 'set_status', status_code: 200 }))
      req.response.sendMessage(
        JSON.stringify({ type: 'set_headers', headers: { 'content-type': 'text/plain' } }),
      )
      req.response.stream.end(Buffer.from(text.toUpperCase()))
    })
    pub.registerTrigger({
      type: 'http',
      function_id: 'body::published-stream',
      config: { api_path: '/pub-stream', http_method: 'PUT' },
    })
    routeCount += 2
    await h.routes(routeCount)
    await h.registered('body::published-stream')

    const json = await fetch(`${h.base}/pub/9`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":true}',
    })
    expect((await json.json()) as any).toEqual({ echo: { x: true }, id: '9' })
    const streamed = await fetch(`${h.base}/pub-stream`, { method: 'PUT', body: 'shout this' })
    expect(streamed.status).toBe(200)
    expect(streamed.headers.get('content-type')).toBe('text/plain')
    expect(await streamed.text()).toBe('SHOUT THIS')
  })
})
