import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Job, QueueStore } from '../src/index'

export function job(queue: string, over: Partial<Job> = {}): Job {
  const now = Date.now()
  return {
    message_id: randomUUID(),
    queue,
    function_id: 'test::fn',
    namespace: 'default',
    data: { n: 1 },
    attempts_made: 0,
    max_attempts: 3,
    stalls: 0,
    created_at: now,
    process_at: now,
    ...over,
  }
}

export const claimOpts = (now = Date.now()) => ({ max: 10, now, leaseMs: 1000 })
export const uniqueQueue = () => `q-${randomUUID().slice(0, 8)}`
const ids = (jobs: Job[]) => jobs.map((j) => j.message_id)

/** The queue adapter contract: every store (memory, file, Redis) must pass it unchanged. */
export function describeQueueStore(name: string, create: () => Promise<QueueStore>) {
  describe(`queue store contract: ${name}`, () => {
    it('claims in enqueue order and not twice', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const jobs = [job(queue), job(queue), job(queue)]
      for (const j of jobs) await store.enqueue(j)
      const first = await store.claim(queue, { ...claimOpts(), max: 2 })
      expect(ids(first)).toEqual(ids(jobs.slice(0, 2)))
      expect(first[0]?.lease_token).toBeTruthy()
      const second = await store.claim(queue, claimOpts())
      expect(ids(second)).toEqual([jobs[2]?.message_id])
      expect(await store.claim(queue, claimOpts())).toEqual([])
      await store.close()
    })

    it('keeps every job field and any JSON data shape', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const data = {
        list: [],
        empty: {},
        nested: { a: [1, 'two', null, true] },
        text: 'héllo ✓',
        zero: 0,
      }
      const j = job(queue, {
        data,
        traceparent: '00-abc-def-01',
        baggage: 'k=v',
        namespace: 'ns1',
        max_attempts: 5,
      })
      await store.enqueue(j)
      await store.enqueue(job(queue, { data: [] }))
      const [got, arr] = await store.claim(queue, claimOpts())
      const { lease_token: _t, lease_until: _u, ...rest } = got as Job
      expect(rest).toEqual(j)
      expect(arr?.data).toEqual([])
      await store.close()
    })

    it('acks remove a job; stats count waiting, active and DLQ', async () => {
      const store = await create()
      const queue = uniqueQueue()
      await store.enqueue(job(queue))
      await store.enqueue(job(queue))
      const [a] = await store.claim(queue, { ...claimOpts(), max: 1 })
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 1, dlq_depth: 0 })
      expect(await store.ack(a as Job)).toBe(true)
      expect(await store.ack(a as Job)).toBe(false)
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 0, dlq_depth: 0 })
      await store.close()
    })

    it('a message id already in the queue, or a repeated idempotency key, stores nothing', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const j = job(queue)
      expect(await store.enqueue(j)).toEqual({ messageId: j.message_id, created: true })
      expect(await store.enqueue({ ...j, data: 'other' })).toEqual({
        messageId: j.message_id,
        created: false,
      })
      const first = await store.enqueue(job(queue), { key: 'k1', ttlMs: 60_000 })
      expect(await store.enqueue(job(queue), { key: 'k1', ttlMs: 60_000 })).toEqual({
        messageId: first.messageId,
        created: false,
      })
      expect(
        (await store.enqueue(job(queue, { namespace: 'other' }), { key: 'k1', ttlMs: 60_000 }))
          .created,
      ).toBe(true)
      expect((await store.enqueue(job(uniqueQueue()), { key: 'k1', ttlMs: 60_000 })).created).toBe(
        true,
      )
      const short = await store.enqueue(job(queue), { key: 'k2', ttlMs: 1 })
      await new Promise((r) => setTimeout(r, 10))
      expect((await store.enqueue(job(queue), { key: 'k2', ttlMs: 1 })).messageId).not.toBe(
        short.messageId,
      )
      expect((await store.stats(queue)).depth).toBe(5)
      await store.close()
    })

    it('delays jobs until process_at; a retried job keeps its place ahead of later jobs', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const now = Date.now()
      const early = job(queue)
      await store.enqueue(early)
      await store.enqueue(job(queue, { process_at: now + 60_000 }))
      const [claimed] = await store.claim(queue, { ...claimOpts(now), max: 1 })
      expect(await store.retry({ ...(claimed as Job), attempts_made: 1 }, now + 50, now)).toBe(true)
      expect(await store.nextDueAt(queue, now)).toBe(now + 50)
      await store.enqueue(job(queue))
      const next = await store.claim(queue, { ...claimOpts(now + 100), max: 1 })
      expect(next[0]?.message_id).toBe(early.message_id)
      expect(next[0]?.attempts_made).toBe(1)
      expect(await store.nextDueAt(queue, now + 100)).toBe(now + 60_000)
      expect(await store.nextDueAt(queue, now + 60_000)).toBeUndefined()
      await store.close()
    })

    it('fifo: one active job per group, groups in parallel, retries in place', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const [a1, a2, b1, b2] = [
        job(queue, { group_id: 'a' }),
        job(queue, { group_id: 'a' }),
        job(queue, { group_id: 'b' }),
        job(queue, { group_id: 'b' }),
      ]
      for (const j of [a1, a2, b1, b2] as Job[]) await store.enqueue(j)
      expect((await store.stats(queue)).depth).toBe(4)
      const now = Date.now()
      const got = await store.claim(queue, claimOpts(now))
      expect(ids(got).sort()).toEqual([a1?.message_id, b1?.message_id].sort())
      expect(await store.claim(queue, claimOpts(now))).toEqual([])
      const ga = got.find((j) => j.group_id === 'a') as Job
      await store.retry({ ...ga, attempts_made: 1 }, now + 100, now)
      await store.ack(got.find((j) => j.group_id === 'b') as Job)
      expect(ids(await store.claim(queue, claimOpts(now)))).toEqual([b2?.message_id])
      const again = await store.claim(queue, claimOpts(now + 100))
      expect(ids(again)).toEqual([a1?.message_id])
      await store.deadLetter({ ...(again[0] as Job), attempts_made: 2 }, 'boom', now)
      const [next] = await store.claim(queue, claimOpts(now + 100))
      expect(next?.message_id).toBe(a2?.message_id)
      // A redriven job joins the back of its group.
      expect(await store.redriveMessage(queue, a1?.message_id as string, now)).toBe(1)
      expect(await store.claim(queue, claimOpts(now + 100))).toEqual([])
      await store.ack(next as Job)
      expect(ids(await store.claim(queue, claimOpts(now + 100)))).toEqual([a1?.message_id])
      await store.close()
    })

    it('dead-letters, lists, redrives one or all, and discards', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const [a, b, c] = [job(queue), job(queue), job(queue)]
      for (const j of [a, b, c]) await store.enqueue(j)
      const claimed = await store.claim(queue, claimOpts())
      for (const j of claimed)
        expect(await store.deadLetter({ ...j, attempts_made: 3 }, 'boom', 1000)).toBe(true)
      const dlq = await store.dlq(queue, 0, 10)
      expect(dlq.map((e) => [e.job.message_id, e.job.attempts_made, e.error, e.failed_at])).toEqual(
        [
          [a.message_id, 3, 'boom', 1000],
          [b.message_id, 3, 'boom', 1000],
          [c.message_id, 3, 'boom', 1000],
        ],
      )
      expect(ids((await store.dlq(queue, 1, 1)).map((e) => e.job))).toEqual([b.message_id])
      expect(await store.stats(queue)).toEqual({ depth: 0, active: 0, dlq_depth: 3 })
      expect(await store.redriveMessage(queue, a.message_id, Date.now())).toBe(1)
      expect(await store.redriveMessage(queue, a.message_id, Date.now())).toBe(0)
      const [again] = await store.claim(queue, claimOpts())
      expect(again).toMatchObject({ message_id: a.message_id, attempts_made: 0 })
      expect(await store.discardMessage(queue, b.message_id)).toBe(1)
      expect(await store.discardMessage(queue, b.message_id)).toBe(0)
      expect(await store.redrive(queue, Date.now())).toEqual([c.message_id])
      expect(await store.redrive(queue, Date.now())).toEqual([])
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 1, dlq_depth: 0 })
      expect(await store.queueNames()).toContain(queue)
      await store.close()
    })

    it('expired leases are redelivered with a stall, and go to the DLQ at max_stalls', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const j = job(queue)
      await store.enqueue(j)
      const now = Date.now()
      await store.claim(queue, { ...claimOpts(now), leaseMs: 100 })
      expect((await store.reapExpired(now + 50, 2)).requeued).toEqual([])
      const first = await store.reapExpired(now + 200, 2)
      expect(first.requeued).toEqual([{ queue, message_id: j.message_id, stalls: 1 }])
      const [again] = await store.claim(queue, { ...claimOpts(now + 200), leaseMs: 100 })
      expect(again).toMatchObject({ attempts_made: 0, stalls: 1 })
      const second = await store.reapExpired(now + 400, 2)
      expect(second.deadLettered).toEqual([{ queue, message_id: j.message_id, stalls: 2 }])
      const [entry] = await store.dlq(queue, 0, 10)
      expect(entry).toMatchObject({ error: 'job stalled', failed_at: now + 400 })
      await store.close()
    })

    it('a renewed lease is not reaped; a stale claim can change nothing; release counts no stall', async () => {
      const store = await create()
      const queue = uniqueQueue()
      await store.enqueue(job(queue))
      const now = Date.now()
      const [claimed] = await store.claim(queue, { ...claimOpts(now), leaseMs: 100 })
      expect(await store.renew([claimed as Job], now + 10_000)).toEqual([true])
      expect((await store.reapExpired(now + 500, 3)).requeued).toEqual([])
      const stale = { ...(claimed as Job), lease_token: 'someone-else' }
      expect(await store.renew([stale], now + 20_000)).toEqual([false])
      expect(await store.ack(stale)).toBe(false)
      expect(await store.retry(stale, now, now)).toBe(false)
      expect(await store.deadLetter(stale, 'x', now)).toBe(false)
      expect(await store.release(stale, now)).toBe(false)
      expect((await store.stats(queue)).active).toBe(1)
      expect(await store.release(claimed as Job, now)).toBe(true)
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 0, dlq_depth: 0 })
      const [back] = await store.claim(queue, claimOpts(now))
      expect(back).toMatchObject({ message_id: claimed?.message_id, stalls: 0, attempts_made: 0 })
      await store.close()
    })

    it('canRun: jobs of other functions stay ready and never block the jobs behind them', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const mine = (fn: string, ns: string) => fn === 'mine' && ns === 'default'
      const [other, own] = [
        job(queue, { function_id: 'theirs' }),
        job(queue, { function_id: 'mine' }),
      ]
      const [gOther, gOwn] = [
        job(queue, { function_id: 'theirs', group_id: 'g' }),
        job(queue, { function_id: 'mine', group_id: 'g' }),
      ]
      for (const j of [other, own, gOther, gOwn]) await store.enqueue(j)
      expect(ids(await store.claim(queue, { ...claimOpts(), canRun: mine }))).toEqual([
        own.message_id,
      ])
      expect(
        ids(await store.claim(queue, { ...claimOpts(), canRun: (fn) => fn === 'theirs' })),
      ).toEqual([other.message_id, gOther.message_id])
      expect(await store.claim(queue, { ...claimOpts(), canRun: mine })).toEqual([])
      await store.close()
    })
  })
}
