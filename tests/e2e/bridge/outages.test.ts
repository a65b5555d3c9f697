import { freePort, uniqueName, waitFor } from '@iii/testing'
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

/**
 * Retries double from 100 ms: ten attempts span about 50 s, far longer than B is down. A job in
 * flight when B goes away has an unknown outcome: it is redelivered when its 1 s lease expires.
 */
const queue =
  '  - name: iii-queue\n    config: { lease_ms: 1000, queue_configs: { bridged: { max_retries: 10, backoff_ms: 100 } } }\n'

describe('B restarted while A calls it through the bridge', () => {
  let port: number
  let b: TestEngine | undefined
  let a: TestEngine
  let onA: Client
  let onB: Client | undefined
  const ranOnB = new Set<string>()

  const startB = async () => {
    b = await engineWith(configWith('', port), true)
    onB = connect(b)
    onB.worker.registerFunction('b::echo', async (d: any) => {
      if (d?.tag) ranOnB.add(d.tag)
      return { n: d?.n }
    })
    await known(b, 'b::echo')
  }

  beforeAll(async () => {
    port = await freePort()
    await startB()
    const bridge = bridgeEntry({
      url: `ws://127.0.0.1:${port}`,
      reconnect_initial_delay_ms: 50,
      reconnect_max_delay_ms: 200,
      forward: [{ remote_function: 'b::echo' }],
    })
    a = await engineWith(configWith(queue + bridge))
    onA = connect(a)
    await bridgeUp(a)
  })
  afterAll(async () => {
    await onA?.close()
    await onB?.close()
    await a?.stop()
    await b?.stop()
  })

  const enqueue = (tag: string) =>
    onA.call('b::echo', { tag }, { action: { type: 'enqueue', queue: 'bridged' } })

  it('fails calls fast while B is down, recovers after, and loses no enqueued job', async () => {
    await expect(onA.call('b::echo', { n: 1 })).resolves.toEqual({ n: 1 })
    const before = Array.from({ length: 20 }, () => uniqueName('before'))
    await Promise.all(before.map(enqueue))

    await onB?.close()
    await b?.stop()
    b = undefined
    await waitFor(async () => (await bridgeStatus(a)).state !== 'connected', {
      what: 'the bridge noticing B is gone',
    })

    const down = await onA.fail('b::echo', { n: 2 })
    expect(down.code).toBe('BRIDGE_UNAVAILABLE')
    expect(down.message).toContain('not connected')
    const whileDown = Array.from({ length: 20 }, () => uniqueName('down'))
    await Promise.all(whileDown.map(enqueue))
    // A keeps serving its own functions meanwhile.
    await expect(onA.call('bridge::status', {})).resolves.toMatchObject({ state: 'disconnected' })

    await startB()
    await bridgeUp(a)
    await expect(onA.call('b::echo', { n: 3 })).resolves.toEqual({ n: 3 })
    await waitFor(() => [...before, ...whileDown].every((tag) => ranOnB.has(tag)), {
      what: 'every enqueued job run on B',
      timeoutMs: 30_000,
    })
  })
})

describe('bad remotes: A keeps running and says why', () => {
  let a: TestEngine
  let onA: Client
  let closedPort: number

  beforeAll(async () => {
    closedPort = await freePort()
    a = await engineWith(
      configWith(
        bridgeEntry({
          name: 'nowhere',
          url: `ws://127.0.0.1:${closedPort}`,
          reconnect_initial_delay_ms: 50,
        }),
      ),
    )
    onA = connect(a)
  })
  afterAll(async () => {
    await onA?.close()
    await a?.stop()
  })

  it('an unreachable url: status and calls name the reason; other functions work', async () => {
    const status = await waitFor(
      async () => {
        const s = await bridgeStatus(a, 'bridge::nowhere::status')
        return s.last_error ? s : undefined
      },
      { what: 'a reason on the status' },
    )
    expect(status.state).not.toBe('connected')
    const err = await onA.fail('bridge::nowhere::invoke', { function_id: 'x::y', data: {} })
    expect(err.code).toBe('BRIDGE_UNAVAILABLE')
    expect(err.message).toContain(`127.0.0.1:${closedPort}`)
    expect(a.records.some((r) => r.msg.includes('cannot reach the remote engine'))).toBe(true)
    await expect(onA.call('engine::functions::list', {})).resolves.toHaveProperty('functions')
  })

  it('a url that is not ws:// is refused at start with the key named', async () => {
    await expect(
      engineWith(configWith(bridgeEntry({ url: 'http://127.0.0.1:1' }))),
    ).rejects.toThrow(/url/)
  })

  it('a url that points back at this engine is refused as a loop', async () => {
    const port = await freePort()
    const self = await engineWith(
      configWith(bridgeEntry({ url: `ws://127.0.0.1:${port}` }), port),
      true,
    )
    try {
      const status = await waitFor(
        async () => {
          const s = await bridgeStatus(self)
          return s.state === 'refused' ? s : undefined
        },
        { what: 'the bridge refusing its own engine' },
      )
      expect(status.last_error).toContain('this engine')
      const w = connect(self)
      const err = await w.fail('bridge::invoke', {
        function_id: 'engine::functions::list',
        data: {},
      })
      await w.close()
      expect(err.code).toBe('BRIDGE_LOOP')
    } finally {
      await self.stop()
    }
  })
})

describe('limits and conflicts on B', () => {
  let b: TestEngine
  let a: TestEngine
  let onA: Client
  let onB: Client

  beforeAll(async () => {
    b = await engineWith(
      'workers:\n  - name: iii-worker-manager\n    config: { port: 0, max_frame_bytes: 65536 }\n',
    )
    onB = connect(b)
    onB.worker.registerFunction('b::echo', async (d: any) => ({ small: d.small }))
    onB.worker.registerFunction('a::taken', async () => 'B owns this')
    await known(b, 'b::echo')
    await known(b, 'a::taken')
    a = await engineWith(
      configWith(
        bridgeEntry({
          url: b.url,
          max_frame_bytes: 65536,
          forward: [{ remote_function: 'b::echo' }],
          expose: [{ local_function: 'a::*' }],
        }),
      ),
    )
    onA = connect(a)
    onA.worker.registerFunction('a::taken', async () => 'A wants this')
    onA.worker.registerFunction('a::big', async () => 'x'.repeat(100_000))
    await known(a, 'a::big')
    await bridgeUp(a)
    await known(b, 'a::big')
  })
  afterAll(async () => {
    await onA?.close()
    await onB?.close()
    await a?.stop()
    await b?.stop()
  })

  it("a call above B's frame limit is refused on A before sending; the link stays up", async () => {
    const err = await onA.fail('b::echo', { blob: 'x'.repeat(100_000) })
    expect(err.code).toBe('BRIDGE_FRAME_TOO_LARGE')
    expect(err.message).toContain('max_frame_bytes 65536')
    await expect(onA.call('b::echo', { small: true })).resolves.toEqual({ small: true })
    expect((await bridgeStatus(a)).state).toBe('connected')
  })

  it("a result above B's frame limit reaches B's caller as an error", async () => {
    const err = await onB.fail('a::big', {})
    expect(err.code).toBe('BRIDGE_FRAME_TOO_LARGE')
  })

  // docs/decisions/0004: a second registration of a live id is a standby, not a refusal.
  it('an exposed id that B already has waits there as a standby, with the owner named; B keeps its own', async () => {
    const entry = await waitFor(
      async () =>
        (await bridgeStatus(a)).exposed.find(
          (e) => e.local_function === 'a::taken' && e.status === 'standby',
        ),
      { what: 'a::taken on standby on B' },
    )
    expect(entry.reason).toContain('FUNCTION_STANDBY')
    await expect(onB.call('a::taken', {})).resolves.toBe('B owns this')
    expect(a.records.some((r) => r.msg.includes('waits as a standby'))).toBe(true)
  })
})
