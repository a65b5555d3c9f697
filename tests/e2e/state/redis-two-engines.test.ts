import { type RedisServer, startRedisServer, uniqueName } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type Client, connect, recorder, stateOnly } from './support'

describe('state on Redis shared by two engines', () => {
  let redis: RedisServer
  let engines: TestEngine[] = []
  let a: Client
  let b: Client

  beforeAll(async () => {
    redis = await startRedisServer()
    const config = stateOnly(`{ adapter: { name: redis, config: { redis_url: "${redis.url}" } } }`)
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

  it('each engine sees the other’s writes, updates and deletes', async () => {
    const scope = uniqueName('shared')
    await a.call('state::set', { scope, key: 'k', value: { n: 1, list: [] } })
    expect(await b.call('state::get', { scope, key: 'k' })).toEqual({ n: 1, list: [] })
    await Promise.all([
      ...Array.from({ length: 100 }, () =>
        a.call('state::update', {
          scope,
          key: 'k',
          ops: [{ type: 'increment', path: 'n', by: 1 }],
        }),
      ),
      ...Array.from({ length: 100 }, () =>
        b.call('state::update', {
          scope,
          key: 'k',
          ops: [{ type: 'increment', path: 'n', by: 1 }],
        }),
      ),
    ])
    expect(await a.call('state::get', { scope, key: 'k' })).toEqual({ n: 201, list: [] })
    await b.call('state::set', { scope, key: 'other', value: 'x' })
    expect(await a.call('state::list', { scope })).toEqual(
      expect.arrayContaining([{ n: 201, list: [] }, 'x']),
    )
    expect((await a.call<{ groups: string[] }>('state::list_groups', {})).groups).toContain(scope)
    expect(await a.call('state::delete', { scope, key: 'other' })).toBe('x')
    expect(await b.call('state::get', { scope, key: 'other' })).toBeUndefined()
  })

  it('a state trigger fires on the engine where the write happened', async () => {
    const scope = uniqueName('where')
    const onA = recorder()
    const onB = recorder()
    const [fnA, fnB] = [uniqueName('on-a'), uniqueName('on-b')]
    await a.expose(fnA, onA.handler)
    await b.expose(fnB, onB.handler)
    await a.bind('state', fnA, { scope })
    await b.bind('state', fnB, { scope })
    await a.call('state::set', { scope, key: 'via-a', value: 1 })
    await onA.waitForCount(1)
    await b.call('state::set', { scope, key: 'via-b', value: 2 })
    await onB.waitForCount(1)
    expect(onA.seen.map((e) => e.key)).toEqual(['via-a'])
    expect(onB.seen.map((e) => e.key)).toEqual(['via-b'])
  })
})
