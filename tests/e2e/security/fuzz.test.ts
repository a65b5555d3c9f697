import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed with the same seed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const seed = Number(process.env.III_FUZZ_SEED ?? 20261126)
const frames = Number(process.env.III_FUZZ_FRAMES ?? 10_000)

const validFrames = [
  { type: 'registerfunction', id: 'fuzz::f' },
  { type: 'unregisterfunction', id: 'fuzz::f' },
  { type: 'registertriggertype', id: 'fuzz-type', description: 'd' },
  { type: 'unregistertriggertype', id: 'fuzz-type' },
  {
    type: 'registertrigger',
    id: 't',
    trigger_type: 'fuzz-type',
    function_id: 'fuzz::f',
    config: {},
  },
  { type: 'unregistertrigger', id: 't', trigger_type: 'fuzz-type' },
  { type: 'triggerregistrationresult', id: 't', trigger_type: 'fuzz-type', function_id: 'fuzz::f' },
  { type: 'registerservice', id: 'fuzz' },
  {
    type: 'invokefunction',
    invocation_id: '00000000-0000-4000-8000-000000000001',
    function_id: 'fuzz::f',
    data: {},
  },
  {
    type: 'invokefunction',
    function_id: 'engine::functions::list',
    data: {},
    action: { type: 'void' },
  },
  { type: 'invocationresult', invocation_id: '00000000-0000-4000-8000-000000000002', result: 1 },
  {
    type: 'reattach',
    previous_worker_id: '00000000-0000-4000-8000-000000000003',
    reattach_token: 'x',
  },
  { type: 'ping' },
  { type: 'pong' },
]

/** One mutated frame: random bytes, wrong types, deep nesting, huge strings, unknown types, or a valid frame out of order. */
function mutate(rand: () => number): string | Buffer {
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T
  const junkValue = () =>
    pick<unknown>([
      null,
      0,
      -1,
      1e308,
      true,
      '',
      'x'.repeat(Math.floor(rand() * 100)),
      [],
      {},
      [1, [2]],
      { a: { b: 1 } },
    ])
  switch (Math.floor(rand() * 7)) {
    case 0:
      return Buffer.from(
        Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)),
      )
    case 1: {
      const f: Record<string, unknown> = { ...pick(validFrames) }
      const keys = Object.keys(f)
      f[pick(keys)] = junkValue()
      return JSON.stringify(f)
    }
    case 2: {
      let nested: unknown = 1
      const depth = 100 + Math.floor(rand() * 4000)
      for (let i = 0; i < depth; i++) nested = rand() < 0.5 ? [nested] : { k: nested }
      return JSON.stringify({ ...pick(validFrames), data: nested })
    }
    case 3:
      return JSON.stringify({
        ...pick(validFrames),
        [pick(['id', 'function_id', 'data', 'type'])]: 'h'.repeat(
          1024 * (1 + Math.floor(rand() * 128)),
        ),
      })
    case 4:
      return JSON.stringify({ type: `t${Math.floor(rand() * 1e9)}`, id: 'x' })
    case 5:
      return JSON.stringify(pick(validFrames)).slice(0, Math.floor(rand() * 40))
    default:
      return JSON.stringify(pick(validFrames))
  }
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  for (let i = 0; i < 3; i++) gc()
}

describe('protocol fuzzing', () => {
  it(`survives ${frames} mutated frames (seed ${seed}) and still registers and calls`, {
    timeout: 90_000,
  }, async () => {
    await using engine = await startTestEngine()
    collectGarbage()
    const heapBefore = process.memoryUsage().heapUsed
    const rand = prng(seed)
    let sent = 0
    let sockets = 0
    while (sent < frames) {
      const client = await RawClient.connect(engine.url)
      sockets++
      if (rand() < 0.5) client.announce(uniqueName('fuzz'))
      for (let i = 0; i < 500 && sent < frames; i++, sent++) {
        const frame = mutate(rand)
        if (client.closed) break
        client.ws.send(frame)
      }
      await new Promise((r) => setTimeout(r, 20))
      await client.close()
    }
    expect(sent).toBe(frames)

    const worker = registerWorker(engine.url, { workerName: uniqueName('after-fuzz') })
    worker.registerFunction('fuzz::alive', async (d: { n: number }) => d.n + 1)
    await waitFor(() => engine.core.functions.get('default', 'fuzz::alive'))
    await expect(worker.trigger({ function_id: 'fuzz::alive', payload: { n: 41 } })).resolves.toBe(
      42,
    )
    await worker.shutdown()
    await waitFor(() => engine.core.sessions.size === 0, { what: 'sessions cleaned up' })
    expect(engine.core.table.size).toBe(0)
    expect(engine.core.channels.size).toBe(0)

    expect([...engine.core.bindings.all()]).toEqual([])
    expect([...engine.core.triggerTypes.all()].every((t) => t.owner.kind === 'builtin')).toBe(true)
    collectGarbage()
    const growth = process.memoryUsage().heapUsed - heapBefore
    // Everything the fuzz sent is gone (its warnings are still held by the test's log capture,
    // which must not pin the frames they describe); what remains is compiled code and caches.
    expect(growth).toBeLessThan(32 * 1024 * 1024)
    console.log(
      `fuzz: ${sent} frames over ${sockets} sockets, heap growth after GC ${(growth / 1024 / 1024).toFixed(1)} MiB`,
    )
  })
})
