import { uniqueName, waitFor } from '@iii/testing'
import type { IIIWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { bound, call, connectWorker, errorCode } from './stream-helpers'

describe('stream trigger', () => {
  let engine: TestEngine
  let worker: IIIWorker
  const seen = new Map<string, any[]>()
  const record = (id: string) => {
    seen.set(id, [])
    worker.registerFunction(id, async (payload: any) => {
      seen.get(id)?.push(payload)
      return null
    })
  }

  beforeAll(async () => {
    engine = await startTestEngine()
    worker = await connectWorker(engine)
  })
  afterAll(async () => {
    await worker.shutdown()
    await engine.stop()
  })

  it('fires on create, update, delete and event with the camelCase message', async () => {
    const streamName = uniqueName('orders')
    record('trig::all')
    worker.registerTrigger({
      type: 'stream',
      function_id: 'trig::all',
      config: { stream_name: streamName },
    })
    await bound(engine, 'stream', 'trig::all')
    const at = { stream_name: streamName, group_id: 'g', item_id: 'o1' }
    await call(worker, 'stream::set', { ...at, data: { n: 1 } })
    await call(worker, 'stream::update', { ...at, ops: [{ type: 'increment', path: 'n', by: 1 }] })
    await call(worker, 'stream::delete', at)
    await call(worker, 'stream::send', {
      stream_name: streamName,
      group_id: 'g',
      type: 'shipped',
      data: 'soon',
    })
    const got = await waitFor(
      () => (seen.get('trig::all')?.length === 4 ? seen.get('trig::all') : undefined),
      {
        what: '4 stream triggers',
      },
    )
    const byType = Object.fromEntries(got.map((p) => [p.event.type, p]))
    expect(byType.create).toMatchObject({
      type: 'stream',
      streamName,
      groupId: 'g',
      id: 'o1',
      event: { type: 'create', data: { n: 1 } },
    })
    expect(typeof byType.create.timestamp).toBe('number')
    expect(byType.update.event).toEqual({ type: 'update', data: { n: 2 } })
    expect(byType.delete.event).toEqual({ type: 'delete', data: { n: 2 } })
    expect(byType.event).toMatchObject({
      streamName,
      groupId: 'g',
      event: { type: 'event', event: { type: 'shipped', data: 'soon' } },
    })
    expect(byType.event.id).toBeUndefined()
  })

  it('filters by group and item, and honours condition_function_id', async () => {
    const streamName = uniqueName('filtered')
    record('trig::group')
    record('trig::item')
    record('trig::cond')
    worker.registerFunction('trig::only-big', async (p: any) => p.event.data?.n > 10)
    worker.registerTrigger({
      type: 'stream',
      function_id: 'trig::group',
      config: { stream_name: streamName, group_id: 'a' },
    })
    worker.registerTrigger({
      type: 'stream',
      function_id: 'trig::item',
      config: { stream_name: streamName, group_id: 'a', item_id: 'x' },
    })
    worker.registerTrigger({
      type: 'stream',
      function_id: 'trig::cond',
      config: { stream_name: streamName, condition_function_id: 'trig::only-big' },
    })
    for (const id of ['trig::group', 'trig::item', 'trig::cond']) await bound(engine, 'stream', id)
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'b',
      item_id: 'x',
      data: { n: 1 },
    })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'a',
      item_id: 'y',
      data: { n: 2 },
    })
    await call(worker, 'stream::set', {
      stream_name: streamName,
      group_id: 'a',
      item_id: 'x',
      data: { n: 50 },
    })
    await waitFor(
      () => seen.get('trig::item')?.length === 1 && seen.get('trig::cond')?.length === 1,
      {
        what: 'item and condition triggers',
      },
    )
    await waitFor(() => seen.get('trig::group')?.length === 2, { what: 'group triggers' })
    expect(seen.get('trig::group')?.map((p) => p.id)).toEqual(['y', 'x'])
    expect(seen.get('trig::item')?.map((p) => p.event.data.n)).toEqual([50])
    expect(seen.get('trig::cond')?.map((p) => p.event.data.n)).toEqual([50])
  })

  it('refuses bindings without a stream_name or with a malformed config', async () => {
    const refuse = (trigger_type: string, config: unknown) =>
      errorCode(
        call(worker, 'engine::register_trigger', {
          trigger_type,
          function_id: 'trig::all',
          config,
        }),
      )
    expect(await refuse('stream', {})).toBe('trigger_registration_failed')
    expect(await refuse('stream', { group_id: 'g' })).toBe('trigger_registration_failed')
    expect(await refuse('stream', { stream_name: '' })).toBe('trigger_registration_failed')
    expect(await refuse('stream', { stream_name: 's', group_id: 7 })).toBe(
      'trigger_registration_failed',
    )
    expect(await refuse('stream', 'nope')).toBe('trigger_registration_failed')
    expect(await refuse('stream:join', { condition_function_id: 3 })).toBe(
      'trigger_registration_failed',
    )
    expect(await refuse('stream:leave', [1])).toBe('trigger_registration_failed')
    expect(engine.core.bindings.ofType('stream').every((b) => (b.config as any)?.stream_name)).toBe(
      true,
    )
  })
})
