import { uniqueName, waitFor } from '@iii/testing'
import type { IIIWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import type { RawClient } from '../../src/raw'
import {
  bound,
  call,
  connectStream,
  connectWorker,
  framesFor,
  join,
  nextPush,
  registered,
} from './stream-helpers'

const config = `
workers:
  - name: iii-stream
    config:
      auth_function: test::stream-auth
`

describe('stream auth_function and join/leave triggers', () => {
  let engine: TestEngine
  let worker: IIIWorker
  const upgrades: any[] = []
  const joins: any[] = []
  const leaves: any[] = []
  const clients: RawClient[] = []
  const client = async (path = '/?token=good') => {
    const c = await connectStream(engine, path)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    engine = await startTestEngine({ configText: config })
    worker = await connectWorker(engine)
    worker.registerFunction('test::stream-auth', async (req: any) => {
      upgrades.push(req)
      if (req.query_params.token?.[0] !== 'good') throw new Error('bad token')
      return { context: { user: 'ann', agent: req.headers['user-agent'] ?? null } }
    })
    worker.registerFunction('test::on-join', async (payload: any) => {
      joins.push(payload)
      if (payload.stream_name.startsWith('broken')) throw new Error('join hook crashed')
      return payload.stream_name.startsWith('secret') ? { unauthorized: true } : {}
    })
    worker.registerFunction('test::on-leave', async (payload: any) => {
      leaves.push(payload)
      return null
    })
    worker.registerTrigger({ type: 'stream:join', function_id: 'test::on-join', config: {} })
    worker.registerTrigger({ type: 'stream:leave', function_id: 'test::on-leave', config: {} })
    await registered(engine, 'test::stream-auth')
    await bound(engine, 'stream:join', 'test::on-join')
    await bound(engine, 'stream:leave', 'test::on-leave')
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await worker.shutdown()
    await engine.stop()
  })

  it('passes headers, path, query and address to auth_function and its context to join bindings', async () => {
    const streamName = uniqueName('open')
    const ws = await client('/live?token=good&tag=a&tag=b')
    const upgrade = upgrades.at(-1)
    expect(upgrade).toMatchObject({
      path: '/live',
      query_params: { token: ['good'], tag: ['a', 'b'] },
      addr: '127.0.0.1',
    })
    expect(upgrade.headers['sec-websocket-version']).toBe('13')
    expect(
      (await join(ws, { subscriptionId: 's1', streamName, groupId: 'g', id: 'i' })).event.type,
    ).toBe('sync')
    expect(joins.at(-1)).toEqual({
      subscription_id: 's1',
      stream_name: streamName,
      group_id: 'g',
      id: 'i',
      context: { user: 'ann', agent: null },
    })
  })

  it('refuses the upgrade when auth_function fails', async () => {
    await expect(connectStream(engine, '/?token=bad')).rejects.toThrow(/401/)
    await expect(connectStream(engine, '/')).rejects.toThrow(/401/)
  })

  it('answers unauthorized when a join binding says so or fails, and does not subscribe', async () => {
    const ws = await client()
    const secret = uniqueName('secret')
    const broken = uniqueName('broken')
    const open = uniqueName('open')
    expect(
      await join(ws, { subscriptionId: 'no', streamName: secret, groupId: 'g' }),
    ).toMatchObject({
      streamName: secret,
      groupId: 'g',
      event: { type: 'unauthorized' },
    })
    expect(
      (await join(ws, { subscriptionId: 'crash', streamName: broken, groupId: 'g' })).event.type,
    ).toBe('unauthorized')
    await join(ws, { subscriptionId: 'yes', streamName: open, groupId: 'g' })
    await call(worker, 'stream::set', { stream_name: secret, group_id: 'g', item_id: 'x', data: 1 })
    await call(worker, 'stream::set', { stream_name: broken, group_id: 'g', item_id: 'x', data: 1 })
    await call(worker, 'stream::set', { stream_name: open, group_id: 'g', item_id: 'x', data: 1 })
    await nextPush(ws, 'yes', 'create')
    expect([...framesFor(ws, 'no'), ...framesFor(ws, 'crash')]).toEqual([])
    expect(engine.records.some((r) => r.msg.includes('stream:join handler failed'))).toBe(true)
  })

  it('runs leave bindings on leave frames and for every subscription when the socket closes', async () => {
    const streamName = uniqueName('open')
    const ws = await client()
    await join(ws, { subscriptionId: 'l1', streamName, groupId: 'g' })
    await join(ws, { subscriptionId: 'l2', streamName, groupId: 'g', id: 'i' })
    await join(ws, { subscriptionId: 'l3', streamName, groupId: 'h' })
    ws.send({ type: 'leave', data: { subscriptionId: 'l1', streamName, groupId: 'g' } })
    await waitFor(() => leaves.some((l) => l.subscription_id === 'l1'), { what: 'leave for l1' })
    await ws.close()
    await waitFor(() => leaves.filter((l) => l.stream_name === streamName).length === 3, {
      what: 'leaves on close',
    })
    const mine = leaves.filter((l) => l.stream_name === streamName)
    expect(mine.map((l) => l.subscription_id).sort()).toEqual(['l1', 'l2', 'l3'])
    expect(mine.find((l) => l.subscription_id === 'l2')).toEqual({
      subscription_id: 'l2',
      stream_name: streamName,
      group_id: 'g',
      id: 'i',
      context: { user: 'ann', agent: null },
    })
  })
})
