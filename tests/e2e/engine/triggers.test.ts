import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

describe('trigger types and bindings', () => {
  let engine: TestEngine
  const cleanups: (() => Promise<unknown>)[] = []
  beforeEach(async () => {
    engine = await startTestEngine()
  })
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c()
    await engine.stop()
  })
  const worker = (name = uniqueName('w')) => {
    const w = registerWorker(engine.url, {
      workerName: name,
      reconnectionConfig: { initialDelayMs: 20, maxDelayMs: 100 },
    })
    cleanups.push(() => w.shutdown())
    return w
  }
  const raw = async () => {
    const r = await RawClient.connect(engine.url)
    cleanups.push(() => r.close())
    return r
  }

  it('parks a binding until its provider appears, and re-delivers when a provider comes back', async () => {
    const consumer = worker()
    consumer.registerFunction('park::target', async () => null)
    consumer.registerTrigger({ type: 'park-type', function_id: 'park::target', config: { n: 1 } })
    await waitFor(() => [...engine.core.bindings.all()].find((b) => b.trigger_type === 'park-type'))
    expect([...engine.core.bindings.all()][0]?.provider).toBeNull()

    const provider1 = await raw()
    provider1.announce(uniqueName('p1'))
    provider1.send({
      type: 'registertriggertype',
      id: 'park-type',
      description: 'parked until now',
    })
    const delivered = await provider1.next((f) => f.type === 'registertrigger')
    expect(delivered).toMatchObject({
      trigger_type: 'park-type',
      function_id: 'park::target',
      config: { n: 1 },
    })
    provider1.send({
      type: 'triggerregistrationresult',
      id: delivered.id,
      trigger_type: 'park-type',
      function_id: 'park::target',
    })
    await provider1.close()
    await waitFor(() => [...engine.core.bindings.all()].every((b) => b.provider === null), {
      what: 'binding parked again',
    })

    const provider2 = await raw()
    provider2.announce(uniqueName('p2'))
    provider2.send({ type: 'registertriggertype', id: 'park-type', description: 'back' })
    const again = await provider2.next((f) => f.type === 'registertrigger')
    expect(again.id).toBe(delivered.id)
  })

  it('a provider refusing a binding parks it and tells the binder; unregistering reaches the provider', async () => {
    const provider = await raw()
    provider.announce(uniqueName('prov'))
    provider.send({
      type: 'registertriggertype',
      id: 'picky-type',
      description: 'refuses odd configs',
    })
    await waitFor(() => engine.core.triggerTypes.get('default', 'picky-type'))
    const binder = await raw()
    binder.announce(uniqueName('binder'))
    binder.send({
      type: 'registertrigger',
      id: 'b-1',
      trigger_type: 'picky-type',
      function_id: 'x::y',
      config: { odd: true },
    })
    const delivery = await provider.next((f) => f.type === 'registertrigger')
    provider.send({
      type: 'triggerregistrationresult',
      id: delivery.id,
      trigger_type: 'picky-type',
      function_id: 'x::y',
      error: { code: 'trigger_registration_failed', message: 'odd config' },
    })
    const forwarded = await binder.next((f) => f.type === 'triggerregistrationresult')
    expect(forwarded).toMatchObject({
      id: 'b-1',
      error: { code: 'trigger_registration_failed', message: 'odd config' },
    })
    expect(engine.core.bindings.get('b-1')?.provider).toBeNull()
    // A result from a connection that does not provide the type is ignored.
    const stranger = await raw()
    stranger.send({
      type: 'triggerregistrationresult',
      id: 'b-1',
      trigger_type: 'picky-type',
      function_id: 'x::y',
      error: { code: 'x', message: 'forged' },
    })
    binder.send({ type: 'unregistertrigger', id: 'b-1', trigger_type: 'picky-type' })
    binder.send({ type: 'unregistertrigger', id: 'never-existed' })
    await waitFor(() => !engine.core.bindings.get('b-1'))
  })

  it('engine::register_trigger creates an ownerless binding that survives its caller; unregister is idempotent', async () => {
    const provider = await raw()
    provider.announce(uniqueName('prov'))
    provider.send({ type: 'registertriggertype', id: 'owned-type', description: 'd' })
    await waitFor(() => engine.core.triggerTypes.get('default', 'owned-type'))
    const caller = worker()
    const registering = caller.trigger({
      function_id: 'engine::register_trigger',
      payload: { trigger_type: 'owned-type', function_id: 'a::b', config: { k: 1 } },
    })
    const delivery = await provider.next((f) => f.type === 'registertrigger')
    provider.send({
      type: 'triggerregistrationresult',
      id: delivery.id,
      trigger_type: 'owned-type',
      function_id: 'a::b',
    })
    const { id } = await registering
    expect(id).toBe(delivery.id)
    await caller.shutdown()
    // The binding outlives its creator, with no owner.
    await waitFor(() => engine.core.bindings.get(id)?.owner === null)
    expect(engine.core.bindings.get(id)).toBeDefined()
    const other = worker()
    await expect(
      other.trigger({ function_id: 'engine::unregister_trigger', payload: { id } }),
    ).resolves.toEqual({ removed: true })
    await expect(
      other.trigger({ function_id: 'engine::unregister_trigger', payload: { id } }),
    ).resolves.toEqual({ removed: false })
    const gone = await provider.next((f) => f.type === 'unregistertrigger')
    expect(gone).toMatchObject({ id, trigger_type: 'owned-type' })
    const bad = await other
      .trigger({ function_id: 'engine::register_trigger', payload: { trigger_type: '' } })
      .catch((e) => e)
    expect(bad.code).toBe('INVALID_ARGUMENTS')
  })

  it('runs a condition before the handler: exactly false skips, anything else runs', async () => {
    const w = worker()
    const runs: unknown[] = []
    const asked: unknown[] = []
    w.registerFunction('cond::gate', async (d: { allow: unknown }) => {
      asked.push(d.allow)
      return d.allow
    })
    w.registerFunction('cond::handler', async (d: { allow: unknown }) => {
      runs.push(d.allow)
      return null
    })
    w.registerTrigger({
      type: 'subscribe',
      function_id: 'cond::handler',
      config: { topic: 'cond-topic', condition_function_id: 'cond::gate' },
    })
    await waitFor(() =>
      [...engine.core.bindings.all()].some((b) => b.function_id === 'cond::handler' && b.provider),
    )
    // 'end' is the sentinel: published last, it runs once every earlier condition has answered.
    for (const allow of [false, true, 'yes', null, 0, 'end'])
      await w.trigger({ function_id: 'publish', payload: { topic: 'cond-topic', data: { allow } } })
    await waitFor(() => asked.length === 6 && runs.includes('end'))
    expect(runs).toEqual([true, 'yes', null, 0, 'end'])
  })

  it('fires engine::workers-available and engine::functions-available', async () => {
    const w = worker()
    const events: { event: string; worker_id?: string; functions?: { function_id: string }[] }[] =
      []
    w.registerFunction('disc::workers', async (e) => events.push(e))
    w.registerFunction('disc::functions', async (e) => events.push(e))
    w.registerTrigger({
      type: 'engine::workers-available',
      function_id: 'disc::workers',
      config: {},
    })
    w.registerTrigger({
      type: 'engine::functions-available',
      function_id: 'disc::functions',
      config: {},
    })
    await waitFor(() => [...engine.core.bindings.all()].filter((b) => b.provider).length === 2)
    const other = worker(uniqueName('newcomer'))
    other.registerFunction('disc::newcomer-fn', async () => null)
    await waitFor(() => events.some((e) => e.event === 'worker_connected'))
    await waitFor(() => events.some((e) => e.event === 'worker_metadata_updated'))
    const changed = await waitFor(
      () =>
        events.find(
          (e) =>
            e.event === 'functions_changed' &&
            e.functions?.some((f) => f.function_id === 'disc::newcomer-fn'),
        ),
      {
        timeoutMs: 15_000,
        what: 'functions_changed',
      },
    )
    // Like engine::functions::list: engine ids are hidden, except engine::queue::*.
    expect(
      changed.functions?.some(
        (f) => f.function_id.startsWith('engine::') && !f.function_id.startsWith('engine::queue::'),
      ),
    ).toBe(false)
    await other.shutdown()
    await waitFor(() => events.some((e) => e.event === 'worker_disconnected'))
  })
})
