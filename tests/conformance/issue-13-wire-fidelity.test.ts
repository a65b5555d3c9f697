import { deferred, uniqueName, waitFor } from '@iii/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type ClientWorker, clients } from '../src/clients'
import { startTestEngine, type TestEngine } from '../src/engine'

/**
 * The five answers that differed from the reference engine (issue 13), checked through both our
 * iii-sdk and the published iii-sdk@0.22.1.
 */
describe.each(clients)('issue 13 wire fidelity: $name', (client) => {
  const workers: ClientWorker[] = []
  let engine: TestEngine

  const connect = (url = engine.url) => {
    const w = client.connect(url, { workerName: uniqueName('w') })
    workers.push(w)
    return w
  }
  const registered = (id: string) =>
    waitFor(() => engine.core.functions.get('default', id), { what: `function ${id}` })
  const call = (w: ClientWorker, function_id: string, payload: unknown) =>
    w.trigger({ function_id, payload, timeoutMs: 20_000 })

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.shutdown()
    await engine?.stop()
  })

  it('writes to a new key answer old_value: null, as every op that reports an old value', async () => {
    engine = await startTestEngine()
    const a = connect()
    const scope = uniqueName('s')
    expect(await call(a, 'state::set', { scope, key: 'k', value: 1 })).toStrictEqual({
      old_value: null,
      new_value: 1,
    })
    expect(await call(a, 'state::set', { scope, key: 'k', value: 2 })).toStrictEqual({
      old_value: 1,
      new_value: 2,
    })
    const ops = [{ type: 'set', path: 'a', value: 1 }]
    expect(await call(a, 'state::update', { scope, key: 'u', ops })).toStrictEqual({
      old_value: null,
      new_value: { a: 1 },
    })
    const item = { stream_name: uniqueName('st'), group_id: 'g', item_id: 'i' }
    expect(await call(a, 'stream::set', { ...item, data: { n: 1 } })).toStrictEqual({
      old_value: null,
      new_value: { n: 1 },
    })
    expect(await call(a, 'stream::set', { ...item, data: { n: 2 } })).toStrictEqual({
      old_value: { n: 1 },
      new_value: { n: 2 },
    })
    expect(
      await call(a, 'stream::update', {
        ...item,
        item_id: 'j',
        ops: [{ type: 'set', path: 'n', value: 3 }],
      }),
    ).toStrictEqual({ old_value: null, new_value: { n: 3 } })
    expect(await call(a, 'stream::delete', item)).toStrictEqual({ old_value: { n: 2 } })
    expect(await call(a, 'stream::delete', item)).toStrictEqual({ old_value: null })
  })

  it('functions with nothing to return answer without a result; stream::send keeps null', async () => {
    engine = await startTestEngine()
    const stream = uniqueName('custom')
    const b = connect()
    b.registerFunction('conf13::nothing', async () => undefined)
    b.registerFunction('conf13::null', async () => null)
    b.registerFunction(`stream::get(${stream})`, async () => undefined)
    await registered('conf13::nothing')
    await registered(`stream::get(${stream})`)
    const a = connect()
    const scope = uniqueName('s')
    const item = { stream_name: uniqueName('st'), group_id: 'g', item_id: 'missing' }
    expect(await call(a, 'state::get', { scope, key: 'missing' })).toBeUndefined()
    expect(await call(a, 'state::delete', { scope, key: 'missing' })).toBeUndefined()
    expect(await call(a, 'stream::get', item)).toBeUndefined()
    expect(await call(a, 'conf13::nothing', {})).toBeUndefined()
    // A worker's explicit null is nothing to return too: the reference sends no result.
    expect(await call(a, 'conf13::null', {})).toBeUndefined()
    expect(await call(a, 'publish', { topic: uniqueName('t'), data: {} })).toBeUndefined()
    expect(await call(a, 'engine::log::info', { message: 'issue 13' })).toBeUndefined()
    const durable = { topic: uniqueName('d'), data: {} }
    expect(await call(a, 'iii::durable::publish', durable)).toBeUndefined()
    expect(await call(a, 'stream::get', { ...item, stream_name: stream })).toBeUndefined()
    // The reference sends `null` here, and so do we.
    expect(await call(a, 'stream::send', { ...item, type: 'ping', data: {} })).toBeNull()
    // A present value is still answered.
    await call(a, 'state::set', { scope, key: 'k', value: 0 })
    expect(await call(a, 'state::get', { scope, key: 'k' })).toBe(0)
    expect(await call(a, 'state::delete', { scope, key: 'k' })).toBe(0)
  })

  it('HTTP middleware receives phase "preHandler" with the request', async () => {
    engine = await startTestEngine()
    const seen = deferred<any>()
    const b = connect()
    b.registerFunction('conf13::mw', async (input) => {
      seen.resolve(input)
      return { action: 'continue' }
    })
    b.registerFunction('conf13::handler', async () => ({ status_code: 200, body: { ok: true } }))
    b.registerTrigger({
      type: 'http',
      function_id: 'conf13::handler',
      config: {
        api_path: '/conf13/:id',
        http_method: 'GET',
        middleware_function_ids: ['conf13::mw'],
      },
    })
    const http = engine.address('iii-http')
    const url = `http://127.0.0.1:${http?.port}/conf13/7?q=1`
    await waitFor(async () => (await fetch(url)).status === 200, { what: 'route live' })
    const input = await seen.promise
    expect(input.phase).toBe('preHandler')
    expect(input.request).toMatchObject({
      method: 'GET',
      path_params: { id: '7' },
      query_params: { q: '1' },
    })
    expect(input.context).toEqual({})
    expect(input).toMatchObject({ method: 'GET', path_params: { id: '7' } })
  })

  it('an RBAC refusal names the rule that decided', async () => {
    engine = await startTestEngine({
      configText: `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      rbac:
        auth_function_id: conf13::auth
        expose_functions:
          - match("conf13::api::*")
`,
    })
    const internal = connect()
    internal.registerFunction('conf13::auth', async () => ({
      allowed_functions: ['conf13::allowed'],
      forbidden_functions: ['conf13::api::secret'],
      namespaces: {},
    }))
    for (const id of [
      'conf13::api::ping',
      'conf13::api::secret',
      'conf13::allowed',
      'conf13::hidden',
    ])
      internal.registerFunction(id, async () => id)
    await registered('conf13::auth')
    await registered('conf13::hidden')
    const port = engine.address('iii-worker-manager#1')?.port
    const pub = connect(`ws://127.0.0.1:${port}`)
    await expect(call(pub, 'conf13::api::ping', {})).resolves.toBe('conf13::api::ping')
    await expect(call(pub, 'conf13::allowed', {})).resolves.toBe('conf13::allowed')
    const forbidden = await call(pub, 'conf13::api::secret', {}).catch((e) => e)
    expect(forbidden.code).toBe('FORBIDDEN')
    expect(forbidden.message).toContain(
      "function 'conf13::api::secret' not allowed (remove from rbac.forbidden_functions)",
    )
    const hidden = await call(pub, 'conf13::hidden', {}).catch((e) => e)
    expect(hidden.code).toBe('FORBIDDEN')
    expect(hidden.message).toContain(
      "function 'conf13::hidden' not allowed (add to rbac.expose_functions)",
    )
    expect(hidden.message).toContain('rbac.allowed_functions')
  })

  it('a route whose shape conflicts says "conflicts with already-registered route"', async () => {
    engine = await startTestEngine()
    const a = connect()
    a.registerFunction('conf13::route', async () => ({ status_code: 200, body: 'x' }))
    await registered('conf13::route')
    const bind = (api_path: string) =>
      call(a, 'engine::register_trigger', {
        trigger_type: 'http',
        function_id: 'conf13::route',
        config: { api_path, http_method: 'GET' },
      })
    await expect(bind('/conf13/r/:a')).resolves.toHaveProperty('id')
    const err = await bind('/conf13/r/:b').catch((e) => e)
    expect(err.code).toBe('trigger_registration_failed')
    expect(err.message).toContain(
      "Route 'GET /conf13/r/:b' conflicts with already-registered route 'GET /conf13/r/:a'",
    )
    expect(err.message).toContain('other parameter names')
  })
})
