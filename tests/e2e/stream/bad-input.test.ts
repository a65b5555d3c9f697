import { createLogger } from '@iii/core'
import { uniqueName, waitFor } from '@iii/testing'
import { startEngine } from 'iii-engine'
import type { IIIWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import type { RawClient } from '../../src/raw'
import { call, connectStream, connectWorker, errorCode, join, streamUrl } from './stream-helpers'

describe('stream bad input', () => {
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

  it('refuses malformed function input with each function error code and stores nothing', async () => {
    const s = uniqueName('bad')
    const cases: [string, unknown, string][] = [
      ['stream::set', {}, 'STREAM_SET_ERROR'],
      ['stream::set', { stream_name: s, group_id: 'g', item_id: 'i' }, 'STREAM_SET_ERROR'],
      [
        'stream::set',
        { stream_name: '', group_id: 'g', item_id: 'i', data: 1 },
        'STREAM_SET_ERROR',
      ],
      ['stream::set', { stream_name: s, group_id: 5, item_id: 'i', data: 1 }, 'STREAM_SET_ERROR'],
      ['stream::get', { stream_name: s, group_id: 'g' }, 'STREAM_GET_ERROR'],
      ['stream::get', 'text', 'STREAM_GET_ERROR'],
      ['stream::delete', { stream_name: s, item_id: 'i' }, 'STREAM_DELETE_ERROR'],
      ['stream::list', { stream_name: s }, 'STREAM_GET_GROUP_ERROR'],
      ['stream::list_groups', { stream_name: null }, 'STREAM_LIST_GROUPS_ERROR'],
      ['stream::list_all', [1, 2], 'STREAM_LIST_ALL_ERROR'],
      ['stream::send', { stream_name: s, group_id: 'g', data: 1 }, 'STREAM_SEND_ERROR'],
      ['stream::send', { stream_name: s, group_id: 'g', type: 'x', id: 3 }, 'STREAM_SEND_ERROR'],
      [
        'stream::update',
        { stream_name: s, group_id: 'g', item_id: 'i', ops: 'increment' },
        'STREAM_UPDATE_ERROR',
      ],
      [
        'stream::update',
        { stream_name: s, group_id: 'g', item_id: 'i', ops: [{ type: 'explode' }] },
        'STREAM_UPDATE_ERROR',
      ],
      [
        'stream::update',
        {
          stream_name: s,
          group_id: 'g',
          item_id: 'i',
          ops: [{ type: 'increment', path: 'n', by: 'one' }],
        },
        'STREAM_UPDATE_ERROR',
      ],
    ]
    for (const [fn, payload, code] of cases)
      expect([fn, await errorCode(call(worker, fn, payload))]).toEqual([fn, code])
    const all = await call(worker, 'stream::list_all', {})
    expect(all.stream.map((x: { id: string }) => x.id)).not.toContain(s)
  })

  it('reports per-op update errors, keeps the good ops, and refuses proto pollution', async () => {
    const at = { stream_name: uniqueName('ops'), group_id: 'g', item_id: 'i' }
    const result = await call(worker, 'stream::update', {
      ...at,
      ops: [
        { type: 'set', path: 'a', value: 1 },
        { type: 'merge', value: JSON.parse('{"__proto__": {"admin": true}}') },
        { type: 'merge', path: ['x', 'constructor'], value: { y: 1 } },
        { type: 'increment', path: 'a', by: 2 },
      ],
    })
    expect(result.new_value).toEqual({ a: 3 })
    expect(result.errors.map((e: any) => [e.op_index, e.code])).toEqual([
      [1, 'merge.value.proto_polluted'],
      [2, 'merge.path.proto_polluted'],
    ])
    expect(await call(worker, 'stream::get', at)).toEqual({ a: 3 })
  })

  it('answers bad WebSocket frames with an error frame and keeps the connection usable', async () => {
    const ws = await client()
    const errors = async (frame: unknown) => {
      ws.send(frame)
      return ws.next((f) => f.type === 'error')
    }
    expect((await errors('{not json')).error).toEqual({
      code: 'JSON_ERROR',
      message: 'frame is not valid JSON',
    })
    expect((await errors({ type: 'subscribe', data: {} })).error.message).toMatch(/join.*leave/)
    expect(
      (await errors({ type: 'join', data: { subscriptionId: 'x', groupId: 'g' } })).error.message,
    ).toMatch(/streamName/)
    expect(
      (
        await errors({
          type: 'join',
          data: { subscriptionId: 'x', streamName: 's', groupId: 'g', id: 5 },
        })
      ).error.code,
    ).toBe('JSON_ERROR')
    expect((await errors({ type: 'leave' })).error.code).toBe('JSON_ERROR')
    expect((await errors('null')).error.code).toBe('JSON_ERROR')
    ws.ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect((await ws.next((f) => f.type === 'error')).error.message).toMatch(/binary/)
    expect(
      (await join(ws, { subscriptionId: 'ok', streamName: uniqueName('s'), groupId: 'g' })).event
        .type,
    ).toBe('sync')
  })

  it('closes a socket that sends an oversized frame and keeps serving others', async () => {
    const big = await client()
    big.send({
      type: 'join',
      data: { subscriptionId: 'x'.repeat(100_000), streamName: 's', groupId: 'g' },
    })
    await waitFor(() => big.closed, { what: 'oversized socket closed' })
    const next = await client()
    expect(
      (await join(next, { subscriptionId: 'ok', streamName: uniqueName('s'), groupId: 'g' })).event
        .type,
    ).toBe('sync')
  })

  it('answers plain HTTP on the stream port with 426', async () => {
    const res = await fetch(streamUrl(engine).replace('ws://', 'http://'))
    expect(res.status).toBe(426)
  })

  it('refuses bad configuration at start', async () => {
    const logger = createLogger({ level: 'silent' })
    const start = (config: string) =>
      startEngine({
        configText: `workers:\n  - name: stream\n    config: ${config}\n`,
        randomPorts: true,
        logger,
      })
    await expect(start('{ adapter: { name: nope } }')).rejects.toThrow(/adapter\.name/)
    await expect(
      start('{ adapter: { name: memory, config: { redis_url: "redis://x" } } }'),
    ).rejects.toThrow(/adapter\.config\.redis_url: not accepted by the memory stream adapter/)
    await expect(
      start('{ adapter: { name: file, config: { save_interval_ms: 5 } } }'),
    ).rejects.toThrow(/save_interval_ms/)
    await expect(
      start('{ adapter: { name: memory, config: { channel_size: 0 } } }'),
    ).rejects.toThrow(/channel_size/)
    await expect(start('{ port: "x" }')).rejects.toThrow(/port/)
    await expect(start('{ auth: f }')).rejects.toThrow(/auth: unknown key/)
    await expect(
      start('{ adapter: { name: redis, config: { redis_url: "redis://127.0.0.1:1" } } }'),
    ).rejects.toThrow(/cannot reach redis/)
  })
})
