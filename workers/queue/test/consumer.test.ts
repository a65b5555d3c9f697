import { randomUUID } from 'node:crypto'
import { silentLogger } from '@iii/core'
import { deferred, waitFor } from '@iii/testing'
import type {} from '@iii/testing/redis-setup'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { QueueConsumer, type RunOutcome } from '../src/consumer'
import { type Job, MemoryQueueStore, type QueueStore, RedisQueueStore } from '../src/index'
import { job, uniqueQueue } from './store-contract'

const stores: [string, () => Promise<QueueStore>][] = [
  ['memory', async () => new MemoryQueueStore()],
  [
    'redis',
    () =>
      RedisQueueStore.connect({
        url: inject('redisUrl'),
        prefix: `consumer:${randomUUID().slice(0, 8)}:`,
      }),
  ],
]

describe.each(stores)('queue consumer on %s', (_name, create) => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function start(
    execute: (job: Job) => Promise<RunOutcome>,
    settings = { concurrency: 1, backoff_ms: 0 },
  ) {
    const store = await create()
    const queue = uniqueQueue()
    const consumer = new QueueConsumer(
      queue,
      { ...settings, poll_interval_ms: 20 },
      { store, logger: silentLogger, leaseMs: () => 30_000, execute },
    )
    cleanups.push(() => store.close())
    return { store, queue, consumer }
  }

  it('runs quick jobs one at a time in order; a graceful stop releases running and reserved jobs', async () => {
    const ran: number[] = []
    let running = 0
    let maxRunning = 0
    const hang = deferred<RunOutcome>()
    const { store, queue, consumer } = await start(async (j) => {
      running++
      maxRunning = Math.max(maxRunning, running)
      ran.push((j.data as { n: number }).n)
      const outcome = ran.length === 4 ? await hang.promise : { ok: true }
      running--
      return outcome
    })
    for (let n = 0; n < 10; n++) await store.enqueue(job(queue, { data: { n } }))
    consumer.wake()
    await waitFor(() => ran.length === 4)
    // The running job and the jobs claimed ahead of it are all held by this consumer.
    await waitFor(async () => (await store.stats(queue)).active > 1)
    await consumer.stop({ release: true })
    expect(ran).toEqual([0, 1, 2, 3])
    expect(maxRunning).toBe(1)
    expect(await store.stats(queue)).toEqual({ depth: 7, active: 0, dlq_depth: 0 })
    const back = await store.claim(queue, { max: 10, now: Date.now(), leaseMs: 1000 })
    expect(back.map((j) => [(j.data as { n: number }).n, j.stalls])).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map((n) => [n, 0]),
    )
    hang.resolve({ ok: true })
  })

  it('a failed job that is due again runs before the jobs enqueued after it', async () => {
    const ran: string[] = []
    let failedOnce = false
    const { store, queue, consumer } = await start(async (j) => {
      const name = (j.data as { name: string }).name
      ran.push(name)
      if (name === 'a' && !failedOnce) {
        failedOnce = true
        return { ok: false, message: 'first try fails' }
      }
      return { ok: true }
    })
    for (const name of ['a', 'b', 'c', 'd'])
      await store.enqueue(job(queue, { data: { name }, max_attempts: 2 }))
    consumer.wake()
    await waitFor(() => ran.length === 5)
    await waitFor(async () => (await store.stats(queue)).active === 0)
    await consumer.stop({ release: true })
    expect(ran).toEqual(['a', 'a', 'b', 'c', 'd'])
    expect(await store.stats(queue)).toEqual({ depth: 0, active: 0, dlq_depth: 0 })
  })

  it('runs up to concurrency jobs at once and acks every one', async () => {
    let running = 0
    let maxRunning = 0
    let done = 0
    const { store, queue, consumer } = await start(
      async () => {
        running++
        maxRunning = Math.max(maxRunning, running)
        await new Promise((r) => setTimeout(r, 5))
        running--
        done++
        return { ok: true }
      },
      { concurrency: 3, backoff_ms: 0 },
    )
    await Promise.all(
      Array.from({ length: 30 }, (_, n) => store.enqueue(job(queue, { data: { n } }))),
    )
    consumer.wake()
    await waitFor(async () => done === 30 && (await store.stats(queue)).active === 0)
    await consumer.stop({ release: true })
    expect(maxRunning).toBe(3)
    expect(await store.stats(queue)).toEqual({ depth: 0, active: 0, dlq_depth: 0 })
  })
})
