import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@iii/core'
import { uniqueName } from '@iii/testing'
import { startEngine } from 'iii-engine'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { call, callError } from './support/calls'
import { memoryFixture } from './support/fixtures'
import { QueueHarness } from './support/harness'

const h = new QueueHarness(memoryFixture())
afterEach(() => h.cleanup())

describe('queue e2e: bad input to every function gets a clear error', () => {
  it('engine::queue::enqueue, iii::durable::publish and the DLQ functions', async () => {
    const fifo = uniqueName('fifo')
    const engine = await h.engine({
      queue_configs: { [fifo]: { type: 'fifo', message_group_field: 'g' } },
    })
    const w = h.worker(engine)
    const cases: [string, unknown, string, string?][] = [
      ['engine::queue::enqueue', {}, 'INVALID_ARGUMENTS', '/function_id'],
      [
        'engine::queue::enqueue',
        { queue: '', function_id: 'f' },
        'queue_not_set',
        'Queue name is required',
      ],
      [
        'engine::queue::enqueue',
        { queue: 'nope', function_id: 'f' },
        'queue_not_found',
        "Queue 'nope' not found",
      ],
      [
        'engine::queue::enqueue',
        { queue: fifo, function_id: 'f', data: { x: 1 } },
        'message_group_missing',
        "'g'",
      ],
      [
        'engine::queue::enqueue',
        { queue: fifo, function_id: 'f', data: { g: null } },
        'message_group_missing',
      ],
      [
        'engine::queue::enqueue',
        { queue: 'default', function_id: 'f', delay_ms: -5 },
        'INVALID_ARGUMENTS',
        '/delay_ms',
      ],
      [
        'engine::queue::enqueue',
        { queue: 'default', function_id: 'f', idempotency_key: 7 },
        'INVALID_ARGUMENTS',
        '/idempotency_key',
      ],
      ['iii::durable::publish', {}, 'topic_not_set', 'topic is required'],
      ['iii::durable::publish', { topic: '' }, 'topic_not_set'],
      ['iii::durable::publish', { topic: 5 }, 'INVALID_ARGUMENTS', '/topic'],
      ['iii::queue::redrive', {}, 'queue_not_set', 'Queue name is required'],
      ['iii::queue::redrive', { queue: 'nope' }, 'queue_not_found', "Queue 'nope' not found"],
      ['iii::queue::redrive_message', { message_id: 'm' }, 'queue_not_set'],
      [
        'iii::queue::redrive_message',
        { queue: 'default' },
        'message_id_not_set',
        'message_id is required',
      ],
      ['iii::queue::discard_message', { queue: 'default', message_id: '' }, 'message_id_not_set'],
      ['iii::queue::discard_message', { queue: 7, message_id: 'm' }, 'INVALID_ARGUMENTS', '/queue'],
      ['engine::queue::topic_stats', {}, 'topic_required', 'topic is required'],
      ['engine::queue::topic_stats', { topic: 'nope' }, 'queue_not_found'],
      ['engine::queue::dlq_messages', {}, 'topic_required'],
      [
        'engine::queue::dlq_messages',
        { topic: 'default', limit: 0 },
        'INVALID_ARGUMENTS',
        '/limit',
      ],
      [
        'engine::queue::dlq_messages',
        { topic: 'default', offset: -1 },
        'INVALID_ARGUMENTS',
        '/offset',
      ],
    ]
    for (const [fn, payload, code, text] of cases) {
      const err = await callError(w, fn, payload)
      expect({ fn, payload, code: err.code }).toEqual({ fn, payload, code })
      if (text) expect(err.message).toContain(text)
    }
    expect(
      await call(w, 'iii::queue::redrive_message', { queue: 'default', message_id: 'unknown' }),
    ).toMatchObject({ redriven: 0 })
    expect(await call(w, 'engine::queue::dlq_messages', { topic: 'default' })).toEqual([])
  })

  it('durable:subscriber refuses a bad binding config', async () => {
    const engine = await h.engine()
    const w = h.worker(engine)
    const bad = [
      {},
      { topic: '' },
      { topic: 't', queue_config: { type: 'lifo' } },
      { topic: 't', queue_config: { concurrency: 0 } },
    ]
    for (const config of bad) {
      const err = await callError(w, 'engine::register_trigger', {
        trigger_type: 'durable:subscriber',
        function_id: 'f',
        config,
      })
      expect(err.code).toBe('trigger_registration_failed')
      expect(err.message).toContain('durable:subscriber config: invalid input at /')
    }
  })
})

describe('queue config errors fail at load with file, key and reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iii-queue-cfg-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const start = (queue: Record<string, unknown>) =>
    startEngine({
      configText: JSON.stringify({ workers: [{ name: 'iii-queue', config: queue }] }),
      randomPorts: true,
      logger: silentLogger,
    })
  const key = 'workers[0].config'

  it.each([
    [
      { queue_configs: { q: { type: 'lifo' } } },
      `${key}.queue_configs.q.type: unknown queue type "lifo"; use standard or fifo`,
    ],
    [
      { queue_configs: { q: { type: 'fifo' } } },
      `${key}.queue_configs.q.message_group_field: required for fifo queues`,
    ],
    [
      { queue_configs: { q: { concurrency: 0 } } },
      `${key}.queue_configs.q.concurrency: expected integer to be greater or equal to 1`,
    ],
    [{ queue_configs: { q: { retries: 3 } } }, `${key}.queue_configs.q.retries: unknown key`],
    [
      { queue_configs: { 'durable:x': {} } },
      `${key}.queue_configs.durable:x: queue names starting with "durable:" are reserved`,
    ],
    [{ lease_ms: 10 }, `${key}.lease_ms: expected integer to be greater or equal to 100`],
    [{ max_stalls: 0 }, `${key}.max_stalls`],
    [
      { adapter: { name: 'postgres' } },
      `${key}.adapter.name: unknown queue adapter "postgres"; use memory, file or redis`,
    ],
    [
      { adapter: { name: 'file', config: { redis_url: 'redis://x' } } },
      `${key}.adapter.config.redis_url: unknown key for the file adapter`,
    ],
    [
      { adapter: { name: 'file', config: { file_path: 3 } } },
      `${key}.adapter.config.file_path: must be a non-empty string`,
    ],
    [
      { adapter: { name: 'redis', config: { redis_url: 'http://x' } } },
      `${key}.adapter.config.redis_url: must be a redis:// or rediss:// URL`,
    ],
    [
      { adapter: { name: 'builtin', config: { store_method: 'disk' } } },
      `${key}.adapter.config.store_method: must be in_memory or file_based`,
    ],
    [
      { adapter: { name: 'file', config: { save_interval_ms: 5 } } },
      `${key}.adapter.config.save_interval_ms: must be an integer from 100`,
    ],
  ])('%j', async (queue, message) => {
    await expect(start(queue)).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining(`<inline config>: ${message}`),
    })
  })

  it('accepts the reference spelling {name: builtin, store_method: file_based}', async () => {
    const engine = await start({
      adapter: { name: 'builtin', config: { store_method: 'file_based', file_path: dir } },
    })
    const topic = uniqueName('t')
    await engine.core.router.call({ functionId: 'iii::durable::publish', data: { topic, data: 1 } })
    const topics = await engine.core.router.call({
      functionId: 'engine::queue::list_topics',
      data: {},
    })
    expect(topics).toContainEqual({ name: topic, broker_type: 'file', subscriber_count: 0 })
    await engine.stop()
  })

  it('an unreachable Redis fails the start with a clear error', async () => {
    await expect(
      start({ adapter: { name: 'redis', config: { redis_url: 'redis://127.0.0.1:1' } } }),
    ).rejects.toThrow('queue redis adapter: cannot connect to redis://127.0.0.1:1')
  })
})
