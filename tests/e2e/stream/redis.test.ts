import { type RedisServer, startRedisServer, uniqueName } from '@iii/testing'
import type { IIIWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import type { RawClient } from '../../src/raw'
import { call, connectStream, connectWorker, join, nextPush } from './stream-helpers'

describe('stream on Redis: two engines', () => {
  let redis: RedisServer
  let a: TestEngine
  let b: TestEngine
  let workerB: IIIWorker
  let workerA: IIIWorker
  let browser: RawClient

  beforeAll(async () => {
    redis = await startRedisServer()
    const configText = `workers:\n  - name: iii-stream\n    config:\n      adapter: { name: redis, config: { redis_url: "${redis.url}" } }\n`
    a = await startTestEngine({ configText })
    b = await startTestEngine({ configText })
    workerA = await connectWorker(a)
    workerB = await connectWorker(b)
    browser = await connectStream(a)
  })
  afterAll(async () => {
    await browser?.close()
    await workerA?.shutdown()
    await workerB?.shutdown()
    await a?.stop()
    await b?.stop()
    await redis?.stop()
  })

  it('a client joined on engine A receives items set, updated and deleted through engine B', async () => {
    const streamName = uniqueName('shared')
    const at = { stream_name: streamName, group_id: 'g', item_id: 'i' }
    await call(workerB, 'stream::set', { ...at, item_id: 'before', data: 'old' })
    expect(
      (await join(browser, { subscriptionId: 'g', streamName, groupId: 'g' })).event.data,
    ).toEqual(['old'])
    await join(browser, { subscriptionId: 'item', streamName, groupId: 'g', id: 'i' })

    await call(workerB, 'stream::set', { ...at, data: { v: 1 } })
    expect(await nextPush(browser, 'g', 'create')).toMatchObject({
      streamName,
      groupId: 'g',
      id: 'i',
      event: { data: { v: 1 } },
    })
    expect((await nextPush(browser, 'item', 'create')).event.data).toEqual({ v: 1 })

    await call(workerB, 'stream::update', { ...at, ops: [{ type: 'merge', value: { w: [] } }] })
    expect((await nextPush(browser, 'g', 'update')).event.data).toEqual({ v: 1, w: [] })
    await call(workerB, 'stream::send', {
      stream_name: streamName,
      group_id: 'g',
      type: 'note',
      data: 'hi',
    })
    expect((await nextPush(browser, 'g', 'event')).event.event).toEqual({
      type: 'note',
      data: 'hi',
    })
    await call(workerB, 'stream::delete', at)
    expect((await nextPush(browser, 'g', 'delete')).event.data).toEqual({ v: 1, w: [] })
    // One copy per subscription even though both engines receive every push from Redis.
    await call(workerA, 'stream::set', { ...at, item_id: 'last', data: 'end' })
    await nextPush(browser, 'g', 'create')
    expect(browser.frames.filter((f) => f.subscriptionId === 'g')).toEqual([])
  })

  it('engines share storage and concurrent updates never lose an increment', async () => {
    const at = { stream_name: uniqueName('count'), group_id: 'g', item_id: 'n' }
    const inc = { ...at, ops: [{ type: 'increment', path: 'n', by: 1 }] }
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => call(i % 2 ? workerA : workerB, 'stream::update', inc)),
    )
    expect(await call(workerA, 'stream::get', at)).toEqual({ n: 200 })
    expect(await call(workerB, 'stream::list_groups', { stream_name: at.stream_name })).toEqual([
      'g',
    ])
  })
})
