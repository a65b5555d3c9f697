import { type RedisServer, startRedisServer, uniqueName } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type Client, connect, recorder } from '../state/support'

describe('pubsub on Redis shared by two engines', () => {
  let redis: RedisServer
  let engines: TestEngine[] = []
  let a: Client
  let b: Client

  beforeAll(async () => {
    redis = await startRedisServer()
    const config = `workers:\n  - name: iii-pubsub\n    config: { adapter: { name: redis, config: { redis_url: "${redis.url}" } } }\n`
    engines = [
      await startTestEngine({ configText: config }),
      await startTestEngine({ configText: config }),
    ]
    a = connect(engines[0] as TestEngine)
    b = connect(engines[1] as TestEngine)
  })
  afterAll(async () => {
    for (const c of [a, b]) await c?.worker.shutdown()
    for (const e of engines) await e.stop()
    await redis?.stop()
  })

  it('a publish on either engine reaches the subscribers on both', async () => {
    const topic = uniqueName('fanout')
    const onA = recorder()
    const onB = recorder()
    const onB2 = recorder()
    const fns = [uniqueName('a'), uniqueName('b'), uniqueName('b2')]
    await a.expose(fns[0] as string, onA.handler)
    await b.expose(fns[1] as string, onB.handler)
    await b.expose(fns[2] as string, onB2.handler)
    await a.bind('subscribe', fns[0] as string, { topic })
    await b.bind('subscribe', fns[1] as string, { topic })
    await b.bind('subscribe', fns[2] as string, { topic })
    await a.call('publish', { topic, data: { from: 'a' } })
    await b.call('publish', { topic, data: { from: 'b' } })
    for (const box of [onA, onB, onB2]) await box.waitForCount(2)
    for (const box of [onA, onB, onB2]) expect(box.seen).toEqual([{ from: 'a' }, { from: 'b' }])
  })

  it('a subscriber that leaves on one engine stops receiving; the other engine keeps its own', async () => {
    const topic = uniqueName('leave')
    const onA = recorder()
    const onB = recorder()
    const [fnA, fnB] = [uniqueName('a'), uniqueName('b')]
    await a.expose(fnA, onA.handler)
    await b.expose(fnB, onB.handler)
    const idA = await a.bind('subscribe', fnA, { topic })
    await b.bind('subscribe', fnB, { topic })
    await b.call('publish', { topic, data: 1 })
    await onA.waitForCount(1)
    await a.call('engine::unregister_trigger', { id: idA })
    await b.call('publish', { topic, data: 2 })
    await onB.waitForCount(2)
    expect(onA.seen).toEqual([1])
  })
})
