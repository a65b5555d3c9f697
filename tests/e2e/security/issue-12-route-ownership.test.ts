import { uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

/** A trusted internal listener and a public RBAC one whose gate is `gate::auth`. */
const config = (publicExtra = '') => `
workers:
  - name: iii-http
    config: { port: 0 }
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      ${publicExtra}
      rbac:
        auth_function_id: gate::auth
        expose_functions:
          - match("api::*")
`

/** Tokens: `tenant` gets nothing; `router` may take `POST /login` over; `bad` is malformed. */
function startGate(engine: TestEngine): IIIWorker {
  const gate = registerWorker(engine.url, { workerName: uniqueName('gate') })
  gate.registerFunction('gate::auth', async (input: any) => {
    const token = input.query_params?.token?.[0]
    if (token === 'bad') return { route_takeovers: 'POST /login' }
    return {
      allowed_functions: [],
      route_takeovers: token === 'router' ? ['POST /login'] : undefined,
    }
  })
  return gate
}

/** The real login service on the trusted listener; it records the passwords it sees. */
function startLogin(engine: TestEngine, name: string, seen: string[]): IIIWorker {
  const w = registerWorker(engine.url, { workerName: name })
  w.registerFunction('api::login', async (req: any) => {
    seen.push(req.body?.password)
    return { status_code: 200, body: { by: 'login' } }
  })
  w.registerTrigger({
    type: 'http',
    function_id: 'api::login',
    config: { api_path: '/login', http_method: 'POST' },
  })
  return w
}

interface Setup {
  engine: TestEngine
  base: string
  publicUrl: string
}

async function setup(engine: TestEngine): Promise<Setup> {
  const http = engine.address('iii-http')
  return {
    engine,
    base: `http://127.0.0.1:${http?.port}`,
    publicUrl: `ws://127.0.0.1:${engine.address('iii-worker-manager#1')?.port}`,
  }
}

const bindings = (engine: TestEngine) => engine.core.bindings.ofType('http').length

/** A raw tenant that registers `api::capture` and binds it on `POST /login`. */
async function tenantBinds(s: Setup, o: { token: string; name: string; fn: string }) {
  const tenant = await RawClient.connect(s.publicUrl, `/?token=${o.token}`)
  tenant.announce(o.name)
  tenant.send({ type: 'registerfunction', id: o.fn })
  const id = uniqueName('grab')
  tenant.send({
    type: 'registertrigger',
    id,
    trigger_type: 'http',
    function_id: o.fn,
    config: { api_path: '/login', http_method: 'POST' },
  })
  return { tenant, id }
}

async function login(base: string) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'hunter2' }),
  })
  return { status: res.status, body: (await res.json()) as { by?: string } }
}

describe('issue 12, row 2: a tenant cannot take an HTTP route another worker serves', () => {
  it('the tenant probe is refused with FORBIDDEN and never sees the password', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config() })
    const s = await setup(engine)
    const gate = startGate(engine)
    const seen: string[] = []
    const name = uniqueName('login')
    const real = startLogin(engine, name, seen)
    await waitFor(() => bindings(engine) === 1, { timeoutMs: 10_000, what: 'the login route' })
    // The tenant even announces the login service's worker name: names do not cross listeners.
    const { tenant, id } = await tenantBinds(s, { token: 'tenant', name, fn: 'api::capture' })
    const captured: unknown[] = []
    tenant.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString())
      if (frame.type === 'invokefunction') captured.push(frame.data)
    })
    try {
      const answer = await tenant.next(
        (f) => f.type === 'triggerregistrationresult' && f.id === id,
        10_000,
      )
      expect(answer.error.code).toBe('FORBIDDEN')
      expect(answer.error.message).toMatch(/POST \/login is served by worker/)
      expect(engine.core.bindings.get(id)).toBeUndefined()
      expect(
        engine.records.some(
          (r) => r.msg === 'route binding refused: the route is served by another worker',
        ),
      ).toBe(true)
      const res = await login(s.base)
      expect(res).toEqual({ status: 200, body: { by: 'login' } })
      expect(seen).toEqual(['hunter2'])
      expect(captured).toEqual([])
    } finally {
      await tenant.close()
      await real.shutdown()
      await gate.shutdown()
    }
  })

  it('a redeploy with the same name on the same listener waits as a standby, then serves', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config() })
    const s = await setup(engine)
    const name = uniqueName('login')
    const seenOld: string[] = []
    const old = startLogin(engine, name, seenOld)
    await waitFor(() => bindings(engine) === 1, { timeoutMs: 10_000, what: 'the login route' })
    const next = registerWorker(engine.url, { workerName: name })
    try {
      next.registerFunction('api::login-v2', async () => ({ status_code: 200, body: { by: 'v2' } }))
      next.registerTrigger({
        type: 'http',
        function_id: 'api::login-v2',
        config: { api_path: '/login', http_method: 'POST' },
      })
      await waitFor(() => bindings(engine) === 2, { timeoutMs: 10_000, what: 'the standby route' })
      // The old version still serves while it runs.
      expect((await login(s.base)).body).toEqual({ by: 'login' })
      await old.shutdown()
      await waitFor(async () => (await login(s.base)).body.by === 'v2', {
        timeoutMs: 10_000,
        what: 'the new version serves once the old one left',
      })
    } finally {
      await next.shutdown()
    }
  })

  it("a grant's route_takeovers, or route_takeover: newest on the listener, lets the newest binding serve", {
    timeout: 60_000,
  }, async () => {
    for (const [extra, token] of [
      ['', 'router'],
      ['route_takeover: newest', 'tenant'],
    ] as const) {
      await using engine = await startTestEngine({ configText: config(extra) })
      const s = await setup(engine)
      const gate = startGate(engine)
      const seen: string[] = []
      const real = startLogin(engine, uniqueName('login'), seen)
      await waitFor(() => bindings(engine) === 1, { timeoutMs: 10_000, what: 'the login route' })
      const fn = 'api::proxy'
      const { tenant, id } = await tenantBinds(s, { token, name: uniqueName('proxy'), fn })
      tenant.ws.on('message', (data) => {
        const frame = JSON.parse(data.toString())
        if (frame.type !== 'invokefunction' || frame.function_id !== fn) return
        tenant.send({
          type: 'invocationresult',
          invocation_id: frame.invocation_id,
          function_id: fn,
          result: { status_code: 200, body: { by: 'proxy' } },
        })
      })
      try {
        await waitFor(() => engine.core.bindings.get(id) !== undefined && bindings(engine) === 2, {
          timeoutMs: 10_000,
          what: 'the takeover binding',
        })
        await waitFor(async () => (await login(s.base)).body.by === 'proxy', {
          timeoutMs: 10_000,
          what: `the newest binding serves (${extra || token})`,
        })
        expect(tenant.frames.some((f) => f.type === 'triggerregistrationresult' && f.error)).toBe(
          false,
        )
        expect(seen).toEqual([])
      } finally {
        await tenant.close()
        await real.shutdown()
        await gate.shutdown()
      }
    }
  })

  it('a route_takeovers that is not a list of strings refuses the connection', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config() })
    const s = await setup(engine)
    const gate = startGate(engine)
    try {
      await waitFor(() => engine.core.functions.get('default', 'gate::auth') !== undefined, {
        timeoutMs: 10_000,
      })
      const client = await RawClient.connect(s.publicUrl, '/?token=bad')
      const error = await client.next((f) => f.type === 'error', 10_000)
      expect(error.error.code).toBe('AUTH_ERROR')
      expect(error.error.message).toMatch(/route_takeovers/)
    } finally {
      await gate.shutdown()
    }
  })
})
