import { uniqueName } from '@iii/testing'
import type { IIIWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import type { RawClient } from '../../src/raw'
import { call, connectStream, connectWorker, framesFor, join, nextPush } from './stream-helpers'

describe('stream browser protocol (plain ws)', () => {
  let engine: TestEngine
  let worker: IIIWorker
  const clients: RawClient[] = []
  const client = async () => {
    const c = await connectStream(engine)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    engine = await startTestEngine()
    worker = await connectWorker(engine)
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await worker.shutdown()
    await engine.stop()
  })

  it('syncs a group on join, then pushes create, update, delete and event', async () => {
    const streamName = uniqueName('chat')
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'room',
      item_id: 'm1',
      data: { text: 'hi' },
    })
    const ws = await client()
    const sync = await join(ws, { subscriptionId: 'sub-1', streamName, groupId: 'room' })
    expect(sync).toMatchObject({
      type: 'stream',
      streamName,
      groupId: 'room',
      event: { type: 'sync', data: [{ text: 'hi' }] },
    })
    expect(typeof sync.timestamp).toBe('number')

    const created = await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'room',
      item_id: 'm2',
      data: { text: 'yo' },
    })
    expect(created).toEqual({ old_value: null, new_value: { text: 'yo' } })
    expect(await nextPush(ws, 'sub-1', 'create')).toMatchObject({
      id: 'm2',
      event: { type: 'create', data: { text: 'yo' } },
    })

    const updated = await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'room',
      item_id: 'm2',
      data: { text: 'yo!' },
    })
    expect(updated).toEqual({ old_value: { text: 'yo' }, new_value: { text: 'yo!' } })
    expect(await nextPush(ws, 'sub-1', 'update')).toMatchObject({
      id: 'm2',
      event: { data: { text: 'yo!' } },
    })

    const ops = [{ type: 'increment', path: 'likes', by: 2 }]
    const result = await call(worker, 'stream::update', {
      stream_name: streamName,
      group_id: 'room',
      item_id: 'm2',
      ops,
    })
    expect(result).toEqual({ old_value: { text: 'yo!' }, new_value: { text: 'yo!', likes: 2 } })
    expect(await nextPush(ws, 'sub-1', 'update')).toMatchObject({
      id: 'm2',
      event: { data: { text: 'yo!', likes: 2 } },
    })

    expect(
      await call(worker, 'stream::delete', {
        stream_name: streamName,
        group_id: 'room',
        item_id: 'm1',
      }),
    ).toEqual({
      old_value: { text: 'hi' },
    })
    expect(await nextPush(ws, 'sub-1', 'delete')).toMatchObject({
      id: 'm1',
      event: { type: 'delete', data: { text: 'hi' } },
    })
    expect(
      await call(worker, 'stream::delete', {
        stream_name: streamName,
        group_id: 'room',
        item_id: 'm1',
      }),
    ).toEqual({ old_value: null })

    expect(
      await call(worker, 'stream::send', {
        stream_name: streamName,
        group_id: 'room',
        type: 'typing',
        data: { who: 'ann' },
      }),
    ).toBeNull()
    const event = await nextPush(ws, 'sub-1', 'event')
    expect(event.event).toEqual({ type: 'event', event: { type: 'typing', data: { who: 'ann' } } })
    expect(event.id).toBeUndefined()
  })

  it('syncs one item, sends it only its own pushes, and one copy per matching subscription', async () => {
    const streamName = uniqueName('doc')
    const ws = await client()
    expect(
      (await join(ws, { subscriptionId: 'item-a', streamName, groupId: 'g', id: 'a' })).event,
    ).toEqual({ type: 'sync', data: null })
    expect((await join(ws, { subscriptionId: 'group', streamName, groupId: 'g' })).event).toEqual({
      type: 'sync',
      data: [],
    })

    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'b',
      data: 'b1',
    })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'a',
      data: 'a1',
    })
    await call(worker, 'stream::send', {
      stream_name: streamName,
      group_id: 'g',
      id: 'a',
      type: 'ping',
      data: 1,
    })
    const toItem = await nextPush(ws, 'item-a', 'create')
    expect(toItem).toMatchObject({ id: 'a', event: { data: 'a1' } })
    await nextPush(ws, 'item-a', 'event')
    await nextPush(ws, 'group', 'create')
    await nextPush(ws, 'group', 'create')
    await nextPush(ws, 'group', 'event')
    // Pushes to one socket arrive in order: the item subscription never saw item b.
    expect(ws.frames.filter((f) => f.id === 'b')).toEqual([])

    const other = await client()
    await join(other, { subscriptionId: 'x', streamName, groupId: 'g', id: 'a' })
    expect(
      (await join(other, { subscriptionId: 'x', streamName, groupId: 'g', id: 'b' })).event,
    ).toEqual({ type: 'sync', data: 'b1' })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'a',
      data: 'a2',
    })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g',
      item_id: 'b',
      data: 'b2',
    })
    expect(await nextPush(other, 'x', 'update')).toMatchObject({ id: 'b', event: { data: 'b2' } })
    expect(framesFor(other, 'x')).toEqual([])
  })

  it('stops pushing after leave and lists what is stored', async () => {
    const streamName = uniqueName('list')
    const ws = await client()
    await join(ws, { subscriptionId: 'gone', streamName, groupId: 'g1' })
    await join(ws, { subscriptionId: 'stay', streamName, groupId: 'g2' })
    ws.send({ type: 'leave', data: { subscriptionId: 'gone', streamName, groupId: 'g1' } })
    ws.send({ type: 'leave', data: { subscriptionId: 'never-joined', streamName, groupId: 'g1' } })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g1',
      item_id: 'i',
      data: 1,
    })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'g2',
      item_id: 'i',
      data: 2,
    })
    await nextPush(ws, 'stay', 'create')
    expect(framesFor(ws, 'gone')).toEqual([])

    expect(
      await call(worker, 'stream::get', { stream_name: streamName, group_id: 'g1', item_id: 'i' }),
    ).toBe(1)
    expect(
      await call(worker, 'stream::get', {
        stream_name: streamName,
        group_id: 'g1',
        item_id: 'nope',
      }),
    ).toBeUndefined()
    expect(await call(worker, 'stream::list', { stream_name: streamName, group_id: 'g2' })).toEqual(
      [2],
    )
    expect(await call(worker, 'stream::list_groups', { stream_name: streamName })).toEqual([
      'g1',
      'g2',
    ])
    const all = await call(worker, 'stream::list_all', {})
    expect(all.stream).toContainEqual({ id: streamName, groups: ['g1', 'g2'] })
    expect(all.count).toBe(all.stream.length)
  })
})
