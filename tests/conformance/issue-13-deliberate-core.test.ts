import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker, TriggerAction } from 'iii-sdk-published'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../src/engine'
import { RawClient } from '../src/raw'

/**
 * Deliberate differences 2, 3, 5 and 7 of docs/reference/PROTOCOL.md §15 (the others have their
 * tests where §15 names them), each checked on a real engine.
 */
describe('issue 13: deliberate differences of the engine core', () => {
  let engine: TestEngine
  const cleanups: (() => unknown)[] = []
  const raw = async () => {
    const r = await RawClient.connect(engine.url)
    cleanups.push(() => r.close())
    return r
  }
  /** Frames of one connection are handled in order: once this answers, the ones before it were. */
  const settled = async (r: RawClient) => {
    const invocation_id = crypto.randomUUID()
    r.send({
      type: 'invokefunction',
      invocation_id,
      function_id: 'engine::health::check',
      data: {},
    })
    await r.next((f) => f.type === 'invocationresult' && f.invocation_id === invocation_id)
  }

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
    await engine?.stop()
  })

  it('2: the queue is on by default, so TriggerAction.Enqueue works with no config', async () => {
    engine = await startTestEngine()
    const w = registerWorker(engine.url, { otel: { enabled: false } } as never)
    cleanups.push(() => w.shutdown())
    const got: unknown[] = []
    w.registerFunction('core13::job', (async (input: unknown) => {
      got.push(input)
    }) as never)
    await waitFor(() => engine.core.functions.get('default', 'core13::job'), { what: 'job fn' })
    const receipt = (await w.trigger({
      function_id: 'core13::job',
      payload: { n: 1 },
      action: TriggerAction.Enqueue({ queue: 'default' }),
    } as never)) as { messageReceiptId: string }
    expect(receipt.messageReceiptId).toMatch(/^[0-9a-f-]{36}$/)
    await waitFor(() => got.length === 1, { what: 'the enqueued job ran' })
    expect(got[0]).toMatchObject({ n: 1 })
  })

  it('3: a result is accepted only from the connection the invocation went to', async () => {
    engine = await startTestEngine({ configText: 'workers: []\n' })
    const callee = await raw()
    callee.announce(uniqueName('callee'))
    callee.send({ type: 'registerfunction', id: 'core13::held' })
    await waitFor(() => engine.core.functions.get('default', 'core13::held'), { what: 'held fn' })
    const caller = await raw()
    const invocation_id = crypto.randomUUID()
    caller.send({ type: 'invokefunction', invocation_id, function_id: 'core13::held', data: {} })
    const invoke = await callee.next((f) => f.type === 'invokefunction')
    const intruder = await raw()
    intruder.send({
      type: 'invocationresult',
      invocation_id: invoke.invocation_id,
      function_id: 'core13::held',
      result: 'hijacked',
    })
    await settled(intruder)
    // A result sent to the caller before this answer would arrive before it on the same socket.
    await settled(caller)
    expect(caller.frames.filter((f) => f.type === 'invocationresult')).toEqual([])
    callee.send({
      type: 'invocationresult',
      invocation_id: invoke.invocation_id,
      function_id: 'core13::held',
      result: 'real',
    })
    const answer = await caller.next((f) => f.type === 'invocationresult')
    expect(answer).toMatchObject({ invocation_id, result: 'real' })
  })

  it('5: a channel made by a connection is closed when that connection goes away', async () => {
    engine = await startTestEngine({ configText: 'workers: []\n' })
    const before = engine.core.channels.size
    const owner = await RawClient.connect(engine.url)
    const invocation_id = crypto.randomUUID()
    owner.send({
      type: 'invokefunction',
      invocation_id,
      function_id: 'engine::channels::create',
      data: {},
    })
    const made = await owner.next((f) => f.type === 'invocationresult')
    expect(made.result.writer.channel_id).toEqual(expect.any(String))
    expect(engine.core.channels.size).toBe(before + 1)
    await owner.close()
    await waitFor(() => engine.core.channels.size === before, { what: 'the channel closed' })
  })

  it('7: unregistertriggertype removes the type and parks its bindings until it comes back', async () => {
    engine = await startTestEngine({ configText: 'workers: []\n' })
    const provider = await raw()
    provider.announce(uniqueName('provider'))
    const type = uniqueName('core13-type')
    provider.send({ type: 'registertriggertype', id: type, description: 'test type' })
    await waitFor(() => engine.core.triggerTypes.get('default', type), { what: 'trigger type' })
    const binder = await raw()
    binder.announce(uniqueName('binder'))
    binder.send({ type: 'registerfunction', id: 'core13::target' })
    const binding = crypto.randomUUID()
    binder.send({
      type: 'registertrigger',
      id: binding,
      trigger_type: type,
      function_id: 'core13::target',
      config: { n: 1 },
    })
    const first = await provider.next((f) => f.type === 'registertrigger' && f.id === binding)
    provider.send({
      type: 'triggerregistrationresult',
      id: binding,
      trigger_type: type,
      function_id: 'core13::target',
    })
    expect(first.config).toEqual({ n: 1 })
    provider.send({ type: 'unregistertriggertype', id: type })
    await waitFor(() => engine.core.triggerTypes.get('default', type) === undefined, {
      what: 'the type removed',
    })
    provider.send({ type: 'registertriggertype', id: type, description: 'back again' })
    const again = await provider.next((f) => f.type === 'registertrigger' && f.id === binding)
    expect(again).toMatchObject({ trigger_type: type, function_id: 'core13::target' })
  })
})
