import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

/** A trusted internal listener, and a public one whose gate is `gate::auth`. */
const config = `
workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      rbac:
        auth_function_id: gate::auth
        on_trigger_type_registration_function_id: gate::on-trigger-type
        expose_functions:
          - match("api::*")
`

/** The gate: `low` gets nothing, `ops` may register reserved ids. */
function startGate(engine: TestEngine) {
  const gate = registerWorker(engine.url, { workerName: uniqueName('gate') })
  gate.registerFunction('gate::auth', async (input: any) => {
    const token = input.query_params?.token?.[0]
    if (token !== 'low' && token !== 'ops') throw new Error('unknown token')
    return {
      allowed_functions: [],
      allow_reserved_function_registration: token === 'ops',
      context: { token },
    }
  })
  return gate
}

const registered = (engine: TestEngine, id: string) => engine.core.functions.get('default', id)

describe('issue 12, row 1: reserved ids cannot be taken over from an RBAC listener', () => {
  it('a tenant cannot become the gate, and while the gate is away logins fail closed', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const publicUrl = `ws://127.0.0.1:${engine.address('iii-worker-manager#1')?.port}`
    let gate = startGate(engine)
    await waitFor(() => registered(engine, 'gate::auth') !== undefined, { timeoutMs: 10_000 })

    const tenant = await RawClient.connect(publicUrl, '/?token=low')
    try {
      tenant.announce(uniqueName('tenant'))
      // The gate restarts: while it is away, the tenant tries to take its id.
      await gate.shutdown()
      await waitFor(() => registered(engine, 'gate::auth') === undefined, { timeoutMs: 10_000 })
      tenant.send({ type: 'registerfunction', id: 'gate::auth' })
      const refused = await tenant.next((f) => f.type === 'registrationrejected', 10_000)
      expect(refused.code).toBe('FORBIDDEN')
      expect(refused.function_id).toBe('gate::auth')
      expect(registered(engine, 'gate::auth')).toBeUndefined()
      expect(
        engine.records.some((r) => r.msg === 'registration of a reserved function refused'),
      ).toBe(true)

      // Fail closed: with no gate, nobody logs in.
      const stranger = await RawClient.connect(publicUrl, '/?token=low')
      const error = await stranger.next((f) => f.type === 'error', 10_000)
      expect(error.error.code).toBe('AUTH_ERROR')
      await waitFor(() => stranger.closed !== undefined, { timeoutMs: 10_000 })
      expect(stranger.closed?.code).toBe(1008)

      // The real gate comes back on the trusted listener and is accepted.
      gate = startGate(engine)
      await waitFor(() => registered(engine, 'gate::auth') !== undefined, { timeoutMs: 10_000 })
      expect(registered(engine, 'gate::auth')?.owner.kind).toBe('session')
      const user = await RawClient.connect(publicUrl, '/?token=low')
      user.send({ type: 'ping' })
      await user.next((f) => f.type === 'pong', 10_000)
      expect(user.frames.some((f) => f.type === 'error')).toBe(false)
      await user.close()
    } finally {
      await tenant.close()
      await gate.shutdown()
    }
  })

  it('a grant with allow_reserved_function_registration may register a reserved id', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const publicUrl = `ws://127.0.0.1:${engine.address('iii-worker-manager#1')?.port}`
    const gate = startGate(engine)
    await waitFor(() => registered(engine, 'gate::auth') !== undefined, { timeoutMs: 10_000 })
    const low = await RawClient.connect(publicUrl, '/?token=low')
    const ops = await RawClient.connect(publicUrl, '/?token=ops')
    try {
      low.announce(uniqueName('low'))
      ops.announce(uniqueName('ops'))
      low.send({ type: 'registerfunction', id: 'gate::on-trigger-type' })
      const refused = await low.next((f) => f.type === 'registrationrejected', 10_000)
      expect(refused.code).toBe('FORBIDDEN')
      // An id nobody reserved is still open to the low grant.
      low.send({ type: 'registerfunction', id: 'api::mine' })
      await waitFor(() => registered(engine, 'api::mine') !== undefined, { timeoutMs: 10_000 })

      ops.send({ type: 'registerfunction', id: 'gate::on-trigger-type' })
      await waitFor(() => registered(engine, 'gate::on-trigger-type') !== undefined, {
        timeoutMs: 10_000,
      })
      expect(ops.frames.some((f) => f.type === 'registrationrejected')).toBe(false)
    } finally {
      await low.close()
      await ops.close()
      await gate.shutdown()
    }
  })

  it('an auth result with a non-boolean allow_reserved_function_registration is refused', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const publicUrl = `ws://127.0.0.1:${engine.address('iii-worker-manager#1')?.port}`
    const gate = registerWorker(engine.url, { workerName: uniqueName('gate') })
    try {
      gate.registerFunction('gate::auth', async () => ({
        allow_reserved_function_registration: 'yes',
      }))
      await waitFor(() => registered(engine, 'gate::auth') !== undefined, { timeoutMs: 10_000 })
      const client = await RawClient.connect(publicUrl, '/?token=ops')
      const error = await client.next((f) => f.type === 'error', 10_000)
      expect(error.error.code).toBe('AUTH_ERROR')
      expect(error.error.message).toMatch(/allow_reserved_function_registration/)
    } finally {
      await gate.shutdown()
    }
  })
})
