import { uniqueName, waitFor } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type Client, connect, recorder } from '../state/support'

describe('pubsub (local adapter)', () => {
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

  it('every binding on a topic receives every message; the input is the data itself', async () => {
    const topic = uniqueName('orders')
    const [first, second, elsewhere] = [recorder(), recorder(), recorder()]
    const fns = [uniqueName('first'), uniqueName('second'), uniqueName('elsewhere')]
    await client.expose(fns[0] as string, first.handler)
    await client.expose(fns[1] as string, second.handler)
    await client.expose(fns[2] as string, elsewhere.handler)
    await client.bind('subscribe', fns[0] as string, { topic })
    await client.bind('subscribe', fns[1] as string, { topic })
    await client.bind('subscribe', fns[2] as string, { topic: uniqueName('other') })
    const messages = [{ order: 1 }, 'plain text', 42, null, [1, { deep: true }]]
    for (const data of messages)
      expect(await client.call('publish', { topic, data })).toBeUndefined()
    await first.waitForCount(messages.length)
    await second.waitForCount(messages.length)
    expect(first.seen).toEqual(messages)
    expect(second.seen).toEqual(messages)
    expect(elsewhere.seen).toEqual([])
  })

  it('a binding made with the SDK’s registerTrigger receives messages', async () => {
    const topic = uniqueName('sdk')
    const fn = uniqueName('sdk-sub')
    const got = recorder()
    await client.expose(fn, got.handler)
    client.worker.registerTrigger({ type: 'subscribe', function_id: fn, config: { topic } })
    await waitFor(
      () =>
        engine.core.bindings.ofType('subscribe').some((b) => b.function_id === fn && b.provider),
      { what: 'the binding' },
    )
    await client.call('publish', { topic, data: { hello: 'world' } })
    await got.waitForCount(1)
    expect(got.seen).toEqual([{ hello: 'world' }])
  })

  it('condition_function_id filters messages', async () => {
    const topic = uniqueName('filtered')
    const [fn, condition] = [uniqueName('handler'), uniqueName('condition')]
    const got = recorder()
    await client.expose(fn, got.handler)
    await client.expose(condition, async (data) => data.keep === true)
    await client.bind('subscribe', fn, { topic, condition_function_id: condition })
    await client.call('publish', { topic, data: { keep: false, n: 1 } })
    await client.call('publish', { topic, data: { keep: true, n: 2 } })
    await got.waitForCount(1)
    await client.call('publish', { topic, data: { keep: true, n: 3 } })
    await got.waitForCount(2)
    expect(got.seen.map((d) => d.n)).toEqual([2, 3])
  })

  it('an unregistered binding receives nothing more', async () => {
    const topic = uniqueName('leave')
    const [stays, leaves] = [recorder(), recorder()]
    const [fnStays, fnLeaves] = [uniqueName('stays'), uniqueName('leaves')]
    await client.expose(fnStays, stays.handler)
    await client.expose(fnLeaves, leaves.handler)
    await client.bind('subscribe', fnStays, { topic })
    const id = await client.bind('subscribe', fnLeaves, { topic })
    await client.call('publish', { topic, data: 1 })
    await leaves.waitForCount(1)
    await client.call('engine::unregister_trigger', { id })
    await client.call('publish', { topic, data: 2 })
    await stays.waitForCount(2)
    expect(leaves.seen).toEqual([1])
  })

  it.each([
    [{ topic: '', data: 1 }, 'topic_not_set'],
    [{ data: 1 }, 'topic_not_set'],
    [{ topic: null, data: 1 }, 'topic_not_set'],
    [{ topic: 5, data: 1 }, 'INVALID_ARGUMENTS'],
    [{ topic: ['t'], data: 1 }, 'INVALID_ARGUMENTS'],
    ['not an object', 'INVALID_ARGUMENTS'],
  ])('publish refuses %j with %s', async (payload, code) => {
    const err = await client.fail('publish', payload)
    expect(err.code).toBe(code)
    expect(err.message).toMatch(/topic|expected object/i)
  })

  it.each([[{}], [{ topic: '' }], [{ topic: 3 }], [{ topic: 't', condition_function_id: 1 }]])(
    'refuses the binding config %j',
    async (config) => {
      const fn = uniqueName('never')
      await client.expose(fn, async () => null)
      const err = await client.fail('engine::register_trigger', {
        trigger_type: 'subscribe',
        function_id: fn,
        config,
      })
      expect(err.code).toBe('trigger_registration_failed')
      expect(err.message).toMatch(/topic|condition_function_id/)
    },
  )
})

describe('pubsub config errors stop the engine from starting', () => {
  it.each([
    ['{ adapter: { name: kafka } }', /adapter.name "kafka" is unknown/],
    ['{ adapter: { name: redis, config: { host: x } } }', /adapter.config.host: unknown key/],
    ['{ topics: [a] }', /topics/],
  ])('%s', async (config, message) => {
    await expect(
      startTestEngine({ configText: `workers:\n  - name: pubsub\n    config: ${config}\n` }),
    ).rejects.toThrow(message)
  })
})
