import { sleep, uniqueName, waitFor } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type Client, connect, recorder, stateOnly } from './support'

describe('state trigger', () => {
  let engine: TestEngine
  let client: Client

  beforeAll(async () => {
    engine = await startTestEngine()
    client = connect(engine)
  })
  afterAll(async () => {
    await client.worker.shutdown()
    await engine.stop()
  })

  it('fires state:created, state:updated and state:deleted with old and new values; reads never fire', async () => {
    const scope = uniqueName('scope')
    const fn = uniqueName('on-state')
    const events = recorder()
    await client.expose(fn, events.handler)
    await client.bind('state', fn, { scope })
    await client.call('state::set', { scope, key: 'k', value: { n: 1 } })
    await client.call('state::update', {
      scope,
      key: 'k',
      ops: [{ type: 'increment', path: 'n', by: 1 }],
    })
    await client.call('state::get', { scope, key: 'k' })
    await client.call('state::list', { scope })
    await client.call('state::delete', { scope, key: 'k' })
    await client.call('state::delete', { scope, key: 'k' })
    await client.call('state::update', {
      scope,
      key: 'k2',
      ops: [{ type: 'set', path: 'a', value: 1 }],
    })
    await client.call('state::set', { scope, key: 'k2', value: 'replaced' })
    await events.waitForCount(5)
    const base = { type: 'state', scope }
    expect(events.seen).toEqual([
      { ...base, event_type: 'state:created', key: 'k', old_value: null, new_value: { n: 1 } },
      { ...base, event_type: 'state:updated', key: 'k', old_value: { n: 1 }, new_value: { n: 2 } },
      { ...base, event_type: 'state:deleted', key: 'k', old_value: { n: 2 }, new_value: null },
      { ...base, event_type: 'state:created', key: 'k2', old_value: null, new_value: { a: 1 } },
      {
        ...base,
        event_type: 'state:updated',
        key: 'k2',
        old_value: { a: 1 },
        new_value: 'replaced',
      },
    ])
  })

  it('matches bindings by scope and key; omitted fields match everything', async () => {
    const [scope, other] = [uniqueName('scope'), uniqueName('other')]
    const [byKey, byScope, byOther] = [recorder(), recorder(), recorder()]
    const fns = [uniqueName('by-key'), uniqueName('by-scope'), uniqueName('by-other')]
    await client.expose(fns[0] as string, byKey.handler)
    await client.expose(fns[1] as string, byScope.handler)
    await client.expose(fns[2] as string, byOther.handler)
    await client.bind('state', fns[0] as string, { scope, key: 'a' })
    await client.bind('state', fns[1] as string, { scope })
    await client.bind('state', fns[2] as string, { scope: other })
    await client.call('state::set', { scope, key: 'a', value: 1 })
    await client.call('state::set', { scope, key: 'b', value: 2 })
    // Written last: once it arrived, the earlier writes have been delivered too.
    await client.call('state::set', { scope: other, key: 'a', value: 3 })
    await byOther.waitForCount(1)
    await byScope.waitForCount(2)
    expect(byKey.seen.map((e) => [e.key, e.new_value])).toEqual([['a', 1]])
    expect(byScope.seen.map((e) => [e.key, e.new_value])).toEqual([
      ['a', 1],
      ['b', 2],
    ])
    expect(byOther.seen.map((e) => [e.scope, e.new_value])).toEqual([[other, 3]])
  })

  it('runs condition_function_id first and skips the handler when it returns false', async () => {
    const scope = uniqueName('scope')
    const [fn, condition] = [uniqueName('handler'), uniqueName('condition')]
    const events = recorder()
    await client.expose(fn, events.handler)
    await client.expose(condition, async (e) => e.new_value?.wanted === true)
    await client.bind('state', fn, { scope, condition_function_id: condition })
    await client.call('state::set', { scope, key: 'x', value: { wanted: false } })
    await client.call('state::set', { scope, key: 'y', value: { wanted: true } })
    await events.waitForCount(1)
    await client.call('state::set', { scope, key: 'z', value: { wanted: true } })
    await events.waitForCount(2)
    expect(events.seen.map((e) => e.key)).toEqual(['y', 'z'])
  })

  it('a binding made with the SDK’s registerTrigger fires too', async () => {
    const scope = uniqueName('scope')
    const fn = uniqueName('sdk-bound')
    const events = recorder()
    await client.expose(fn, events.handler)
    client.worker.registerTrigger({ type: 'state', function_id: fn, config: { scope } })
    await waitFor(
      () => engine.core.bindings.ofType('state').some((b) => b.function_id === fn && b.provider),
      { what: 'the binding' },
    )
    await client.call('state::set', { scope, key: 'k', value: true })
    await events.waitForCount(1)
    expect(events.seen[0]).toMatchObject({
      event_type: 'state:created',
      scope,
      key: 'k',
      new_value: true,
    })
  })

  it.each([
    [{ scope: 5 }, /scope/],
    [{ key: ['k'] }, /key/],
    [{ condition_function_id: false }, /condition_function_id/],
    ['not an object', /expected object/i],
  ])('refuses the binding config %j', async (config, message) => {
    const fn = uniqueName('never')
    await client.expose(fn, async () => null)
    const err = await client.fail('engine::register_trigger', {
      trigger_type: 'state',
      function_id: fn,
      config,
    })
    expect(err.code).toBe('trigger_registration_failed')
    expect(err.message).toMatch(message)
  })
})

describe('state trigger with triggers_enabled: false', () => {
  it('fires nothing', async () => {
    const engine = await startTestEngine({ configText: stateOnly('{ triggers_enabled: false }') })
    const client = connect(engine)
    try {
      const fn = uniqueName('silent')
      const events = recorder()
      await client.expose(fn, events.handler)
      await client.bind('state', fn, {})
      await client.call('state::set', { scope: 's', key: 'k', value: 1 })
      await client.call('state::update', {
        scope: 's',
        key: 'k',
        ops: [{ type: 'set', path: '', value: 2 }],
      })
      await client.call('state::delete', { scope: 's', key: 'k' })
      // Nothing can be waited for when nothing fires; a fired trigger would arrive well within this.
      await sleep(300)
      expect(events.seen).toEqual([])
    } finally {
      await client.worker.shutdown()
      await engine.stop()
    }
  })
})
