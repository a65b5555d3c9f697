import { freePort, uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEngine } from '../../src/engine'
import {
  bridgeEntry,
  bridgeStatus,
  bridgeUp,
  type Client,
  configWith,
  connect,
  engineWith,
  known,
} from './support'

type Span = {
  trace_id: string
  span_id: string
  parent_span_id?: string
  name: string
  pending?: boolean
}

/** A worker whose SDK carries the trace context of the call it is handling into its own calls. */
const tracedWorker = (engine: TestEngine): IIIWorker =>
  registerWorker(engine.url, { workerName: uniqueName('traced'), otel: { enabled: true } })

const spansOf = async (client: Client, traceId: string): Promise<Span[]> =>
  (
    (await client.call('engine::traces::list', { trace_id: traceId, limit: 1000 })) as {
      spans: Span[]
    }
  ).spans.filter((s) => !s.pending)

/**
 * C ← B ← A, and B → A:
 * - A exposes `a::*` to B and forwards `b::hop` and `x::loop` from B;
 * - B exposes `a::*` on to C, and through a second bridge (`back`) tries to expose `a::*` to A and
 *   forwards `x::loop` from A.
 */
describe('three engines joined by bridges', () => {
  let c: TestEngine
  let b: TestEngine
  let a: TestEngine
  let portA: number
  let onA: Client
  let onB: Client
  let onC: Client
  const traced: IIIWorker[] = []

  beforeAll(async () => {
    portA = await freePort()
    c = await engineWith(configWith(''))
    onC = connect(c)
    const fast = { reconnect_initial_delay_ms: 50, reconnect_max_delay_ms: 300 }
    b = await engineWith(
      configWith(
        bridgeEntry({ name: 'edge', url: c.url, ...fast, expose: [{ local_function: 'a::*' }] }) +
          bridgeEntry({
            name: 'back',
            url: `ws://127.0.0.1:${portA}`,
            ...fast,
            expose: [{ local_function: 'a::*' }],
            forward: [{ remote_function: 'x::loop' }],
          }),
      ),
    )
    onB = connect(b)
    a = await engineWith(
      configWith(
        bridgeEntry({
          url: b.url,
          ...fast,
          expose: [{ local_function: 'a::*' }],
          forward: [{ remote_function: 'b::hop' }, { remote_function: 'x::loop' }],
        }),
        portA,
      ),
      true,
    )
    onA = connect(a)

    const workerA = tracedWorker(a)
    const workerB = tracedWorker(b)
    traced.push(workerA, workerB)
    workerA.registerFunction('a::f', async (d: any) => ({ ran_on: 'a', n: d.n }))
    workerA.registerFunction('a::leaf', async (d: any) => ({ leaf: d.n }))
    workerB.registerFunction('b::hop', async (d: any) =>
      workerB.trigger({ function_id: 'a::leaf', payload: { n: d.n + 1 } }),
    )
    await known(a, 'a::f')
    await known(b, 'b::hop')
    await bridgeUp(a)
    await bridgeUp(b, 'bridge::edge::status')
    await bridgeUp(b, 'bridge::back::status')
    await known(b, 'a::f')
    await known(c, 'a::f')
  })
  afterAll(async () => {
    for (const w of traced) await w.shutdown()
    for (const client of [onA, onB, onC]) await client?.close()
    for (const engine of [a, b, c]) await engine?.stop()
  })

  it('a function of A, exposed to B and on to C, runs on A when C calls it', async () => {
    await expect(onC.call('a::f', { n: 1 })).resolves.toEqual({ ran_on: 'a', n: 1 })
    await expect(onB.call('a::f', { n: 2 })).resolves.toEqual({ ran_on: 'a', n: 2 })
  })

  it('exposing a function back to the engine it runs on is refused as a loop', async () => {
    const entry = await waitFor(
      async () =>
        (await bridgeStatus(b, 'bridge::back::status')).exposed.find(
          (e) => e.local_function === 'a::f',
        ),
      { what: 'a::f in the back bridge status' },
    )
    expect(entry.status).toBe('refused')
    expect(entry.reason).toContain('BRIDGE_LOOP')
    // A still runs its own a::f.
    await expect(onA.call('a::f', { n: 3 })).resolves.toEqual({ ran_on: 'a', n: 3 })
    expect(a.core.functions.get('default', 'a::f')?.owner.name).not.toMatch(/bridge/)
  })

  it('forwards that call each other are stopped by the hop budget with BRIDGE_LOOP', async () => {
    const err = await onA.fail('x::loop', {})
    expect(err.code).toBe('BRIDGE_LOOP')
    expect(err.message).toContain('max_hops')
    // The bridges are still up and serving.
    await expect(onC.call('a::f', { n: 4 })).resolves.toEqual({ ran_on: 'a', n: 4 })
  })

  it('A → B → A is one trace: both engines record spans under the same trace id', async () => {
    await expect(onA.call('b::hop', { n: 1 })).resolves.toEqual({ leaf: 2 })
    const callHop = await waitFor(
      async () => {
        const { spans } = (await onA.call('engine::traces::list', {
          name: 'call b::hop',
          limit: 1000,
        })) as { spans: Span[] }
        return spans.find((s) => !s.pending)
      },
      { what: 'the call b::hop span on A' },
    )
    const onBSide = await waitFor(
      async () => {
        const spans = await spansOf(onB, callHop.trace_id)
        return spans.some((s) => s.name === 'execute b::hop') &&
          spans.some((s) => s.name === 'call a::leaf')
          ? spans
          : undefined
      },
      { what: "B's spans in A's trace", timeoutMs: 20_000 },
    )
    const backOnA = await waitFor(
      async () => {
        const spans = await spansOf(onA, callHop.trace_id)
        return spans.some((s) => s.name === 'execute a::leaf') ? spans : undefined
      },
      { what: 'the a::leaf execution on A in the same trace', timeoutMs: 20_000 },
    )
    expect(new Set([...onBSide, ...backOnA].map((s) => s.trace_id))).toEqual(
      new Set([callHop.trace_id]),
    )
    // B's execution hangs off a span of A's trace, not off a new root.
    const execHop = onBSide.find((s) => s.name === 'execute b::hop') as Span
    expect(execHop.parent_span_id).toBeDefined()
  })
})

const rbac = (exposed: string) => `
workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      rbac:
        auth_function_id: gate::auth
        expose_functions:
          - match("${exposed}")
`

describe("B's RBAC applies to A's bridge", () => {
  let b: TestEngine
  let a: TestEngine
  let onA: Client
  let onB: Client

  beforeAll(async () => {
    b = await engineWith(rbac('pub::*'))
    onB = connect(b)
    onB.worker.registerFunction('gate::auth', async (input: any) => {
      if (input.headers['x-token'] !== 'team-a') throw new Error('unknown token')
      return { allowed_functions: [], context: { team: 'a' } }
    })
    onB.worker.registerFunction('pub::hello', async () => 'hello from B')
    onB.worker.registerFunction('priv::secret', async () => 'secret')
    await known(b, 'gate::auth')
    await known(b, 'priv::secret')
    const guarded = `ws://127.0.0.1:${b.address('iii-worker-manager#1')?.port}`
    a = await engineWith(
      configWith(
        bridgeEntry({
          url: guarded,
          headers: { 'x-token': 'team-a' },
          forward: [{ remote_function: 'pub::hello' }, { remote_function: 'priv::secret' }],
        }) +
          bridgeEntry({
            name: 'intruder',
            url: guarded,
            headers: { 'x-token': 'forged' },
            reconnect_initial_delay_ms: 50,
            reconnect_max_delay_ms: 200,
          }),
      ),
    )
    onA = connect(a)
    await bridgeUp(a)
  })
  afterAll(async () => {
    await onA?.close()
    await onB?.close()
    await a?.stop()
    await b?.stop()
  })

  it('A reaches what the grant exposes and nothing else', async () => {
    await expect(onA.call('pub::hello', {})).resolves.toBe('hello from B')
    const err = await onA.fail('priv::secret', {})
    expect(err.code).toBe('FORBIDDEN')
    const direct = await onA.fail('bridge::invoke', { function_id: 'priv::secret', data: {} })
    expect(direct.code).toBe('FORBIDDEN')
  })

  it("a token B's auth function refuses: the bridge says why, and A keeps running", async () => {
    const status = await waitFor(
      async () => {
        const s = await bridgeStatus(a, 'bridge::intruder::status')
        return s.last_error?.includes('refused') ? s : undefined
      },
      { what: 'the refusal on the intruder bridge status' },
    )
    expect(status.state).not.toBe('connected')
    const err = await onA.fail('bridge::intruder::invoke', { function_id: 'pub::hello', data: {} })
    expect(err.code).toBe('BRIDGE_UNAVAILABLE')
    expect(a.records.some((r) => r.msg.includes('refused the bridge'))).toBe(true)
    await expect(onA.call('pub::hello', {})).resolves.toBe('hello from B')
  })
})
