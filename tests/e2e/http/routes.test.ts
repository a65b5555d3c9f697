import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { uniqueName, waitFor } from '@iii/testing'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RawClient } from '../../src/raw'
import { type HttpEngine, httpConfig, startHttpEngine } from './harness'

/** Reads a channel end as a raw WebSocket client until the engine closes it. */
function readChannel(
  engineUrl: string,
  ref: { channel_id: string; access_key: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${engineUrl}/ws/channels/${ref.channel_id}?key=${encodeURIComponent(ref.access_key)}&dir=read`,
    )
    const parts: Buffer[] = []
    ws.on('message', (data: Buffer) => parts.push(data))
    ws.on('close', () => resolve(Buffer.concat(parts).toString()))
    ws.on('error', reject)
  })
}

/** Sends one raw HTTP/1.1 request and resolves with everything the server sent back. */
function rawRequest(base: string, head: string): Promise<string> {
  const { port } = new URL(base)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(`${head}\r\nHost: t\r\nConnection: close\r\n\r\n`),
    )
    let text = ''
    socket.on('data', (data) => {
      text += data.toString()
    })
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
  })
}

describe('iii-http routes', () => {
  let h: HttpEngine
  const raws: RawClient[] = []
  const raw = async () => {
    const client = await RawClient.connect(h.engine.url)
    client.announce(uniqueName('raw'))
    raws.push(client)
    return client
  }

  afterEach(async () => {
    for (const r of raws.splice(0)) await r.close()
    await h?.close()
  })

  it('hands the handler the input of BUILTINS §3.3 and maps its response', async () => {
    h = await startHttpEngine()
    const client = await raw()
    client.send({ type: 'registerfunction', id: 'routes::inspect' })
    client.send({
      type: 'registertrigger',
      id: randomUUID(),
      trigger_type: 'http',
      function_id: 'routes::inspect',
      config: { api_path: 'orders/:orderId/items/:item', http_method: 'post' },
      metadata: { team: 'a' },
    })
    await h.routes(1)
    const pending = fetch(`${h.base}/orders/o%201/items/7?x=1&x=2&y=z`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'Yes' },
      body: '{"n":1}',
    })
    const call = await client.next(
      (f) => f.type === 'invokefunction' && f.function_id === 'routes::inspect',
    )
    expect(call.data).toMatchObject({
      path: '/orders/:orderId/items/:item',
      method: 'POST',
      path_params: { orderId: 'o 1', item: '7' },
      query_params: { x: '2', y: 'z' },
      body: { n: 1 },
      trigger: { type: 'http', path: '/orders/:orderId/items/:item', method: 'POST' },
      request_body: {
        channel_id: expect.any(String),
        access_key: expect.any(String),
        direction: 'read',
      },
      response: {
        channel_id: expect.any(String),
        access_key: expect.any(String),
        direction: 'write',
      },
    })
    expect(call.data.headers).toMatchObject({
      'content-type': 'application/json',
      'x-custom': 'Yes',
    })
    expect(call.metadata).toEqual({ team: 'a' })
    // The raw JSON bytes are in the request channel too.
    await expect(readChannel(h.engine.url, call.data.request_body)).resolves.toBe('{"n":1}')
    client.send({
      type: 'invocationresult',
      invocation_id: call.invocation_id,
      function_id: 'routes::inspect',
      result: { status_code: 201, headers: ['X-Answer: 42', 'not a header'], body: { ok: true } },
    })
    const res = await pending
    expect(res.status).toBe(201)
    expect(res.headers.get('x-answer')).toBe('42')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect((await res.json()) as any).toEqual({ ok: true })
  })

  it('takes methods case-insensitively; HEAD is served by GET; OPTIONS is routable', async () => {
    h = await startHttpEngine()
    const w = h.worker()
    w.registerFunction('routes::method', async (req: any) => ({
      headers: { 'x-method': req.method },
      body: { method: req.method },
    }))
    w.registerTrigger({
      type: 'http',
      function_id: 'routes::method',
      config: { api_path: '/m', http_method: 'get' },
    })
    w.registerTrigger({
      type: 'http',
      function_id: 'routes::method',
      config: { api_path: '/m', http_method: 'Delete' },
    })
    w.registerTrigger({
      type: 'http',
      function_id: 'routes::method',
      config: { api_path: '/m', http_method: 'options' },
    })
    w.registerTrigger({
      type: 'http',
      function_id: 'routes::method',
      config: { api_path: '/default' },
    })
    await h.routes(4)
    await expect((await fetch(`${h.base}/m`)).json()).resolves.toEqual({ method: 'GET' })
    await expect((await fetch(`${h.base}/m`, { method: 'DELETE' })).json()).resolves.toEqual({
      method: 'DELETE',
    })
    await expect((await fetch(`${h.base}/m`, { method: 'OPTIONS' })).json()).resolves.toEqual({
      method: 'OPTIONS',
    })
    await expect((await fetch(`${h.base}/default`)).json()).resolves.toEqual({ method: 'GET' })
    const head = await fetch(`${h.base}/m`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('x-method')).toBe('HEAD')
    expect(await head.text()).toBe('')
    // The path has routes, none for PUT: 405 with Allow, as the reference answers.
    const put = await fetch(`${h.base}/m`, { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('DELETE, GET, OPTIONS')
    expect((await put.json()) as any).toEqual({
      error: {
        code: 'METHOD_NOT_ALLOWED',
        message: 'No route for PUT /m; it has routes for DELETE, GET, OPTIONS',
      },
    })
    const nowhere = await fetch(`${h.base}/nowhere`, { method: 'PUT' })
    expect(nowhere.status).toBe(404)
    expect((await nowhere.json()) as any).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for PUT /nowhere' },
    })
  })

  it('answers 501 to methods no route can use (TRACE, CONNECT)', async () => {
    h = await startHttpEngine()
    for (const head of ['TRACE /m HTTP/1.1', 'CONNECT /m HTTP/1.1']) {
      const text = await rawRequest(h.base, head)
      expect(text, head).toMatch(/^HTTP\/1\.1 501 Not Implemented/)
      expect(text, head).toContain('"code":"NOT_IMPLEMENTED"')
    }
  })

  it('refuses bad trigger configs and same-shape routes with other parameter names', async () => {
    h = await startHttpEngine()
    const client = await raw()
    const register = (config: unknown) => {
      const id = randomUUID()
      client.send({
        type: 'registertrigger',
        id,
        trigger_type: 'http',
        function_id: 'routes::any',
        config,
      })
      return id
    }
    register({ api_path: '/a/:x' })
    register({ api_path: '/a/:y', http_method: 'POST' })
    await h.routes(2)
    const bad: [unknown, RegExp][] = [
      [{ api_path: '/a/:y' }, /same shape/],
      [{}, /api_path/],
      [null, /api_path/],
      ['just a string', /invalid input/],
      [{ api_path: 5 }, /api_path/],
      [{ api_path: '' }, /api_path/],
      [{ api_path: '/x', http_method: 'FETCH' }, /FETCH/],
      [{ api_path: '/x/:' }, /needs a name/],
      [{ api_path: '/x/:id/:id' }, /appears twice/],
      [{ api_path: '/x?y=1' }, /must not contain/],
      [{ api_path: '/x', middleware_function_ids: 'mw' }, /middleware_function_ids/],
      [{ api_path: '/x', condition_function_id: 7 }, /condition_function_id/],
    ]
    for (const [config, message] of bad) {
      const id = register(config)
      const answer = await client.next((f) => f.type === 'triggerregistrationresult' && f.id === id)
      expect(answer.error.code, JSON.stringify(config)).toBe('trigger_registration_failed')
      expect(answer.error.message, JSON.stringify(config)).toMatch(message)
    }
    expect(h.engine.core.bindings.ofType('http').length).toBe(2)
  })

  it('with route_takeover: newest, the newest live binding serves a route; removing it falls back; the last one leaving removes the route', async () => {
    // Workers with other names take a route over only on a listener that opts in (issue 12, row 2).
    h = await startHttpEngine({
      configText: `${httpConfig()}  - name: iii-worker-manager
    config: { route_takeover: newest }
`,
    })
    const version = async () => {
      const res = await fetch(`${h.base}/roll`)
      return res.status === 200 ? ((await res.json()) as any).v : res.status
    }
    const old = h.worker()
    old.registerFunction('roll::v1', async () => ({ body: { v: 1 } }))
    old.registerTrigger({ type: 'http', function_id: 'roll::v1', config: { api_path: '/roll' } })
    await h.routes(1)
    expect(await version()).toBe(1)

    const next = h.worker()
    next.registerFunction('roll::v2', async () => ({ body: { v: 2 } }))
    next.registerTrigger({ type: 'http', function_id: 'roll::v2', config: { api_path: '/roll' } })
    await h.routes(2)
    expect(await version()).toBe(2)
    await next.shutdown()
    await waitFor(() => h.engine.core.functions.get('default', 'roll::v2') === undefined, {
      what: 'v2 gone',
    })
    expect(await version()).toBe(1)

    const third = h.worker()
    third.registerFunction('roll::v3', async () => ({ body: { v: 3 } }))
    const binding = third.registerTrigger({
      type: 'http',
      function_id: 'roll::v3',
      config: { api_path: 'roll/' },
    })
    await h.routes(2)
    expect(await version()).toBe(3)
    binding.unregister()
    await waitFor(async () => (await version()) === 1, { what: 'back to v1' })

    await old.shutdown()
    await waitFor(async () => (await version()) === 404, { what: 'route removed with its worker' })
  })

  it('matches literal segments before parameters, with backtracking, among many routes', async () => {
    h = await startHttpEngine()
    const w = h.worker()
    w.registerFunction('routes::which', async (req: any) => ({
      body: { path: req.path, params: req.path_params },
    }))
    const paths = [
      '/a/b/c',
      '/a/:x/d',
      '/r5/static',
      ...Array.from({ length: 200 }, (_, i) => `/r${i}/:id`),
    ]
    for (const api_path of paths)
      w.registerTrigger({ type: 'http', function_id: 'routes::which', config: { api_path } })
    await h.routes(paths.length)
    const which = async (path: string) => (await fetch(`${h.base}${path}`)).json()
    await expect(which('/a/b/c')).resolves.toEqual({ path: '/a/b/c', params: {} })
    await expect(which('/a/b/d')).resolves.toEqual({ path: '/a/:x/d', params: { x: 'b' } })
    await expect(which('/r5/static')).resolves.toEqual({ path: '/r5/static', params: {} })
    await expect(which('/r5/9')).resolves.toEqual({ path: '/r5/:id', params: { id: '9' } })
    await expect(which('/r199/x%20y/')).resolves.toEqual({
      path: '/r199/:id',
      params: { id: 'x y' },
    })
    // An encoded `/` is ambiguous (a proxy may route it as a separator): refused, never a param.
    await expect(which('/r199/x%2Fy/')).resolves.toMatchObject({ error: { code: 'BAD_REQUEST' } })
    await expect(which('/r200/1')).resolves.toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
