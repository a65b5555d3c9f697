import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

/** An internal listener open to all, and a public one locked down by RBAC. */
const config = `
workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      middleware_function_id: gate::middleware
      rbac:
        auth_function_id: gate::auth
        on_function_registration_function_id: gate::on-function
        on_trigger_registration_function_id: gate::on-trigger
        expose_functions:
          - match("api::*")
          - match("engine::functions::*")
          - metadata: { public: true }
          - { match: "shop::*", namespace: shop }
`

describe('RBAC on a locked-down listener beside an open one', () => {
  let engine: TestEngine
  let publicUrl: string
  const closers: (() => Promise<unknown>)[] = []
  const middlewareSeen: any[] = []

  beforeEach(async () => {
    middlewareSeen.length = 0
    engine = await startTestEngine({ configText: config })
    const pub = engine.address('iii-worker-manager#1')
    publicUrl = `ws://127.0.0.1:${pub?.port}`
    const internal = registerWorker(engine.url, { workerName: uniqueName('internal') })
    closers.push(() => internal.shutdown())
    internal.registerFunction('gate::auth', async (input: any) => {
      const token = input.headers['x-token']
      if (token === 'bad') throw new Error('unknown token')
      if (token === 'empty') return null
      return {
        allowed_functions: ['internal::allowed'],
        forbidden_functions: ['api::secret'],
        namespaces: { default: [], team: ['match("team::*")'] },
        allow_trigger_type_registration: false,
        function_registration_prefix: token === 'prefixed' ? 'ext' : undefined,
        context: { user: token, ip: input.ip_address, q: input.query_params },
      }
    })
    internal.registerFunction('gate::middleware', async (input: any) => {
      middlewareSeen.push(input)
      if (input.function_id === 'api::blocked')
        throw Object.assign(new Error('blocked by middleware'), { code: 'FORBIDDEN' })
      return internal.trigger({
        function_id: input.function_id,
        payload: input.payload,
        namespace: input.namespace,
      })
    })
    internal.registerFunction('gate::on-function', async (input: any) => {
      if (input.function_id.startsWith('deny::')) throw new Error('denied')
      return { metadata: { ...(input.metadata ?? {}), registered_by: input.context.user } }
    })
    internal.registerFunction('gate::on-trigger', async (input: any) =>
      input.trigger_type === 'forbidden-type' ? 'no' : {},
    )
    internal.registerFunction('api::ping', async () => 'pong')
    internal.registerFunction('api::secret', async () => 'secret')
    internal.registerFunction('api::blocked', async () => 'never')
    internal.registerFunction('internal::allowed', async () => 'allowed')
    internal.registerFunction('internal::hidden', async () => 'hidden')
    internal.registerFunction('meta::open', async () => 'open', { metadata: { public: true } })
    for (const id of [
      'gate::auth',
      'gate::middleware',
      'api::ping',
      'meta::open',
      'gate::on-function',
      'gate::on-trigger',
    ]) {
      await waitFor(() => engine.core.functions.get('default', id))
    }
  })

  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
    await engine.stop()
  })

  const publicWorker = (token: string) => {
    const w = registerWorker(`${publicUrl}?tenant=acme`, {
      workerName: uniqueName('pub'),
      headers: { 'x-token': token },
    })
    closers.push(() => w.shutdown())
    return w
  }

  it('rejects a connection the auth function refuses with an AUTH_ERROR frame and a close', async () => {
    const { default: WebSocket } = await import('ws')
    for (const token of ['bad', 'empty']) {
      const sock = new WebSocket(publicUrl, { headers: { 'x-token': token } })
      const frames: any[] = []
      sock.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString())))
      const code = await new Promise<number>((resolve) =>
        sock.once('close', (c: number) => resolve(c)),
      )
      expect(code).toBe(1008)
      expect(frames).toEqual([
        {
          type: 'error',
          error: {
            code: 'AUTH_ERROR',
            message: expect.stringContaining(token === 'bad' ? 'unknown token' : 'no grant'),
          },
        },
      ])
    }
    expect(engine.core.sessions.size).toBe(1)
  })

  it('applies the decision order: forbidden, namespace grants, allowed, infrastructure, expose, deny', async () => {
    const w = publicWorker('good')
    const call = (function_id: string, namespace?: string) =>
      w.trigger({ function_id, payload: {}, namespace }).catch((e) => e)
    expect(await call('api::ping')).toBe('pong')
    expect(await call('meta::open')).toBe('open')
    expect(await call('internal::allowed')).toBe('allowed')
    const forbidden = await call('api::secret')
    expect(forbidden.code).toBe('FORBIDDEN')
    const hidden = await call('internal::hidden')
    expect(hidden.code).toBe('FORBIDDEN')
    expect(hidden.message).toMatch(/expose_functions/)
    expect((await call('team::x', 'team')).code).toBe('function_not_found')
    expect((await call('other::x', 'team')).code).toBe('FORBIDDEN')
    expect(
      await w.trigger({ function_id: 'engine::channels::create', payload: {} }),
    ).toHaveProperty('reader')
  })

  it('sends every non-engine call on the listener through the middleware with the grant context', async () => {
    const w = publicWorker('good')
    expect(await w.trigger({ function_id: 'api::ping', payload: { a: 1 } })).toBe('pong')
    const seen = middlewareSeen.find((m) => m.function_id === 'api::ping')
    expect(seen).toMatchObject({
      function_id: 'api::ping',
      payload: { a: 1 },
      context: { user: 'good', q: { tenant: ['acme'] } },
    })
    const err = await w.trigger({ function_id: 'api::blocked', payload: {} }).catch((e) => e)
    expect(err.code).toBe('FORBIDDEN')
    expect(err.message).toContain('blocked by middleware')
    await w.trigger({ function_id: 'engine::functions::list', payload: {} })
    expect(middlewareSeen.some((m) => m.function_id === 'engine::functions::list')).toBe(false)
  })

  it('filters discovery by the grant', async () => {
    const w = publicWorker('good')
    const { functions } = await w.trigger({ function_id: 'engine::functions::list', payload: {} })
    const ids = functions.map((f: any) => f.function_id)
    expect(ids).toEqual(expect.arrayContaining(['api::ping', 'meta::open', 'internal::allowed']))
    expect(ids).not.toContain('internal::hidden')
    expect(ids).not.toContain('api::secret')
    const info = await w
      .trigger({
        function_id: 'engine::functions::info',
        payload: { function_id: 'internal::hidden' },
      })
      .catch((e) => e)
    expect(info.code).toBe('FORBIDDEN')
  })

  it('runs registration hooks, applies the prefix, and strips it on dispatch', async () => {
    const w = publicWorker('prefixed')
    w.registerFunction('echo', async (data: any) => ({ got: data.x }))
    w.registerFunction('deny::me', async () => null)
    const entry = await waitFor(() => engine.core.functions.get('default', 'ext::echo'))
    expect(entry.metadata).toMatchObject({ registered_by: 'prefixed' })
    const internal = registerWorker(engine.url, { workerName: uniqueName('caller') })
    closers.push(() => internal.shutdown())
    await expect(
      internal.trigger({ function_id: 'ext::echo', payload: { x: 5 } }),
    ).resolves.toEqual({ got: 5 })
    await new Promise((r) => setTimeout(r, 100))
    expect(engine.core.functions.get('default', 'ext::deny::me')).toBeUndefined()
    expect(engine.core.functions.get('default', 'deny::me')).toBeUndefined()
  })

  it('refuses trigger types without allow_trigger_type_registration and triggers the hook denies', async () => {
    const raw = await new Promise<any>((resolve) => {
      import('ws').then(({ default: WebSocket }) => {
        const sock = new WebSocket(publicUrl, { headers: { 'x-token': 'good' } })
        sock.once('open', () => resolve(sock))
      })
    })
    closers.push(async () => raw.close())
    raw.send(
      JSON.stringify({
        type: 'invokefunction',
        function_id: 'engine::workers::register',
        data: { name: uniqueName('raw') },
        action: { type: 'void' },
      }),
    )
    raw.send(JSON.stringify({ type: 'registertriggertype', id: 'sneaky-type', description: 'x' }))
    raw.send(
      JSON.stringify({
        type: 'registertrigger',
        id: 't1',
        trigger_type: 'forbidden-type',
        function_id: 'api::ping',
        config: {},
      }),
    )
    raw.send(
      JSON.stringify({
        type: 'registertrigger',
        id: 't2',
        trigger_type: 'some-type',
        function_id: 'internal::hidden',
        config: {},
      }),
    )
    const result = await new Promise<any>((resolve) =>
      raw.on('message', (d: Buffer) => {
        const f = JSON.parse(d.toString())
        if (f.type === 'triggerregistrationresult') resolve(f)
      }),
    )
    expect(result).toMatchObject({ id: 't2', error: { code: 'FORBIDDEN' } })
    expect(engine.core.triggerTypes.get('default', 'sneaky-type')).toBeUndefined()
    expect(engine.core.bindings.get('t1')).toBeUndefined()
  })

  it('leaves the internal listener open', async () => {
    const w = registerWorker(engine.url, { workerName: uniqueName('open') })
    closers.push(() => w.shutdown())
    await expect(w.trigger({ function_id: 'internal::hidden', payload: {} })).resolves.toBe(
      'hidden',
    )
  })
})
