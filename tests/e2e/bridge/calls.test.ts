import { uniqueName, waitFor } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEngine } from '../../src/engine'
import {
  bridgeEntry,
  bridgeUp,
  type Client,
  configWith,
  connect,
  engineWith,
  known,
} from './support'

const queue =
  '  - name: iii-queue\n    config: { queue_configs: { bridged: { max_retries: 3, backoff_ms: 50 } } }\n'

describe('iii-bridge between two engines: exposed and forwarded calls', () => {
  let b: TestEngine
  let a: TestEngine
  let onA: Client
  let onB: Client
  const seenOnB: unknown[] = []
  const seenOnA: unknown[] = []

  beforeAll(async () => {
    b = await engineWith(configWith(queue))
    onB = connect(b)
    onB.worker.registerFunction('b::echo', async (d: any) => {
      seenOnB.push(d)
      return { on: 'b', n: d.n }
    })
    onB.worker.registerFunction('b::fail', async () => {
      throw new Error('b refuses')
    })
    await known(b, 'b::echo')
    const bridge = bridgeEntry({
      url: b.url,
      forward: [
        { remote_function: 'b::echo' },
        { remote_function: 'b::echo', prefix: 'far' },
        { remote_function: 'b::fail' },
      ],
      expose: [
        { local_function: 'a::*' },
        { local_function: 'a::twice', remote_function: 'edge::twice' },
      ],
    })
    a = await engineWith(configWith(queue + bridge))
    onA = connect(a)
    onA.worker.registerFunction('a::twice', async (d: any) => {
      seenOnA.push(d)
      return { on: 'a', n: d.n * 2 }
    })
    await known(a, 'a::twice')
    await bridgeUp(a)
    await known(b, 'a::twice')
    await known(b, 'edge::twice')
  })
  afterAll(async () => {
    await onA?.close()
    await onB?.close()
    await a?.stop()
    await b?.stop()
  })

  it('a forwarded function is callable on A, under its id and with a prefix', async () => {
    await expect(onA.call('b::echo', { n: 1 })).resolves.toEqual({ on: 'b', n: 1 })
    await expect(onA.call('far::b::echo', { n: 2 })).resolves.toEqual({ on: 'b', n: 2 })
  })

  it("the remote function's error reaches the caller on A with its code", async () => {
    const err = await onA.fail('b::fail', {})
    expect(err.code).toBe('invocation_failed')
    expect(err.message).toContain('b refuses')
  })

  it('a void call through the forward runs on B', async () => {
    const tag = uniqueName('void')
    await onA.call('b::echo', { n: 3, tag }, { action: { type: 'void' } })
    await waitFor(() => seenOnB.some((d: any) => d.tag === tag), { what: 'the void call on B' })
  })

  it("an enqueue to a forwarded function waits in A's queue and runs on B", async () => {
    const tag = uniqueName('enq')
    const receipt = await onA.call<{ messageReceiptId: string }>(
      'b::echo',
      { n: 4, tag },
      { action: { type: 'enqueue', queue: 'bridged' } },
    )
    expect(receipt.messageReceiptId).toMatch(/[0-9a-f-]{36}/)
    await waitFor(() => seenOnB.some((d: any) => d.tag === tag), { what: 'the queued call on B' })
  })

  it('bridge::invoke and bridge::invoke_async call any function of B by id', async () => {
    await expect(
      onA.call('bridge::invoke', { function_id: 'b::echo', data: { n: 5 } }),
    ).resolves.toEqual({ on: 'b', n: 5 })
    await expect(
      onA.call('bridge.invoke', { function_id: 'b::echo', data: { n: 6 } }),
    ).resolves.toEqual({ on: 'b', n: 6 })
    const tag = uniqueName('async')
    await expect(
      onA.call('bridge::invoke_async', { function_id: 'b::echo', data: { n: 7, tag } }),
    ).resolves.toBeNull()
    await waitFor(() => seenOnB.some((d: any) => d.tag === tag), { what: 'the async call on B' })
    const missing = await onA.fail('bridge::invoke', { function_id: 'nobody::home', data: {} })
    expect(missing.code).toBe('function_not_found')
  })

  it('bridge::invoke refuses bad input', async () => {
    const err = await onA.fail('bridge::invoke', { data: {} })
    expect(err.code).toBe('INVALID_ARGUMENTS')
    expect(err.message).toContain('function_id')
  })

  it('an exposed function is callable on B, under its id or a new one, and runs on A', async () => {
    await expect(onB.call('a::twice', { n: 4 })).resolves.toEqual({ on: 'a', n: 8 })
    await expect(onB.call('edge::twice', { n: 5 })).resolves.toEqual({ on: 'a', n: 10 })
    // B's caller id names a worker of B; it never reaches A.
    expect(seenOnA.at(-1)).toEqual({ n: 5 })
  })

  it("void and enqueued calls from B reach A's function", async () => {
    const tag = uniqueName('bvoid')
    await onB.call('a::twice', { n: 1, tag }, { action: { type: 'void' } })
    await waitFor(() => seenOnA.some((d: any) => d.tag === tag), { what: 'the void call on A' })
    const queued = uniqueName('benq')
    await onB.call(
      'a::twice',
      { n: 1, tag: queued },
      { action: { type: 'enqueue', queue: 'bridged' } },
    )
    await waitFor(() => seenOnA.some((d: any) => d.tag === queued), {
      what: 'the queued call on A',
    })
  })

  it('a function registered on A later is exposed at once, and withdrawn when it goes', async () => {
    const late = connect(a)
    late.worker.registerFunction('a::late', async () => 'late')
    await known(b, 'a::late')
    await expect(onB.call('a::late', {})).resolves.toBe('late')
    await late.close()
    await waitFor(() => !b.core.functions.get('default', 'a::late'), {
      what: 'a::late withdrawn from B',
    })
  })
})
