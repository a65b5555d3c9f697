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

const claimOpts = (now = Date.now()) => ({ max: 10, now, leaseMs: 1000, fifo: false })

/** The queue adapter contract: every store (memory, file, Redis) must pass it unchanged. */
export function describeQueueStore(name: string, create: () => Promise<QueueStore>) {
  describe(`queue store contract: ${name}`, () => {
    const q = () => `q-${randomUUID().slice(0, 8)}`

    it('claims in enqueue order and not twice', async () => {
      const store = await create()
      const queue = q()
      const jobs = [job(queue), job(queue), job(queue)]
      for (const j of jobs) await store.enqueue(j)
      const first = await store.claim(queue, { ...claimOpts(), max: 2 })
      expect(first.map((j) => j.message_id)).toEqual(jobs.slice(0, 2).map((j) => j.message_id))
      const second = await store.claim(queue, claimOpts())
      expect(second.map((j) => j.message_id)).toEqual([jobs[2]?.message_id])
      expect(await store.claim(queue, claimOpts())).toEqual([])
      await store.close()
    })

    it('acks remove a job; stats count waiting, active and DLQ', async () => {
      const store = await create()
      const queue = q()
      await store.enqueue(job(queue))
      await store.enqueue(job(queue))
      const [a] = await store.claim(queue, { ...claimOpts(), max: 1 })
      expect(await store.stats(queue)).toMatchObject({ depth: 1, active: 1, dlq_depth: 0 })
      await store.ack(a as Job)
      expect(await store.stats(queue)).toMatchObject({ depth: 1, active: 0 })
      await store.close()
    })

    it('delays jobs until process_at, and a retried job keeps its place ahead of later jobs', async () => {
      const store = await create()
      const queue = q()
      const now = Date.now()
      const early = job(queue)
      await store.enqueue(early)
      await store.enqueue(job(queue, { process_at: now + 60_000 }))
      const [claimed] = await store.claim(queue, { ...claimOpts(now), max: 1 })
      await store.retry({ ...(claimed as Job), attempts_made: 1 }, now + 50)
      const later = job(queue)
      await store.enqueue(later)
      const next = await store.claim(queue, { ...claimOpts(now + 100), max: 1 })
      expect(next[0]?.message_id).toBe(early.message_id)
      expect(next[0]?.attempts_made).toBe(1)
      expect(await store.nextDueAt(queue)).toBeLessThanOrEqual(now + 60_000)
      await store.close()
    })

    it('fifo: one active job per group, groups in parallel', async () => {
      const store = await create()
      const queue = q()
      const a1 = job(queue, { group_id: 'a' })
      const a2 = job(queue, { group_id: 'a' })
      const b1 = job(queue, { group_id: 'b' })
      for (const j of [a1, a2, b1]) await store.enqueue(j)
      const got = await store.claim(queue, { ...claimOpts(), fifo: true })
      expect(got.map((j) => j.message_id).sort()).toEqual([a1.message_id, b1.message_id].sort())
      expect(await store.claim(queue, { ...claimOpts(), fifo: true })).toEqual([])
      await store.ack(got.find((j) => j.group_id === 'a') as Job)
      expect((await store.claim(queue, { ...claimOpts(), fifo: true })).map((j) => j.message_id)).toEqual([a2.message_id])
      await store.close()
    })

    it('dead-letters, lists, redrives one or all, and discards', async () => {
      const store = await create()
      const queue = q()
      const a = job(queue)
      const b = job(queue)
      await store.enqueue(a)
      await store.enqueue(b)
      const claimed = await store.claim(queue, claimOpts())
      for (const j of claimed) await store.deadLetter({ ...j, attempts_made: 3 }, 'boom', 1000)
      const dlq = await store.dlq(queue, 0, 10)
      expect(dlq.map((e) => [e.job.message_id, e.error, e.failed_at])).toEqual([
        [a.message_id, 'boom', 1000],
        [b.message_id, 'boom', 1000],
      ])
      expect(await store.redriveMessage(queue, a.message_id, Date.now())).toBe(1)
      expect(await store.redriveMessage(queue, a.message_id, Date.now())).toBe(0)
      const [again] = await store.claim(queue, claimOpts())
      expect(again).toMatchObject({ message_id: a.message_id, attempts_made: 0 })
      expect(await store.discardMessage(queue, b.message_id)).toBe(1)
      expect(await store.redrive(queue, Date.now())).toBe(0)
      expect(await store.queueNames()).toContain(queue)
      await store.close()
    })

    it('expired leases are redelivered with a stall, and go to the DLQ at max_stalls', async () => {
      const store = await create()
      const queue = q()
      const j = job(queue)
      await store.enqueue(j)
      const now = Date.now()
      await store.claim(queue, { ...claimOpts(now), leaseMs: 100 })
      expect((await store.reapExpired(now + 50, 2)).requeued).toEqual([])
      const first = await store.reapExpired(now + 200, 2)
      expect(first.requeued.map((x) => [x.message_id, x.stalls])).toEqual([[j.message_id, 1]])
      const [again] = await store.claim(queue, { ...claimOpts(now + 200), leaseMs: 100 })
      expect(again?.attempts_made).toBe(0)
      const second = await store.reapExpired(now + 400, 2)
      expect(second.deadLettered.map((x) => x.message_id)).toEqual([j.message_id])
      expect((await store.dlq(queue, 0, 10))[0]?.error).toBe('job stalled')
      await store.close()
    })

    it('a renewed lease is not reaped; a stale claim cannot ack or renew', async () => {
      const store = await create()
      const queue = q()
      await store.enqueue(job(queue))
      const now = Date.now()
      const [claimed] = await store.claim(queue, { ...claimOpts(now), leaseMs: 100 })
      expect(await store.renew(claimed as Job, now + 10_000)).toBe(true)
      expect((await store.reapExpired(now + 500, 3)).requeued).toEqual([])
      const stale = { ...(claimed as Job), lease_token: 'someone-else' }
      expect(await store.renew(stale, now + 20_000)).toBe(false)
      await store.ack(stale)
      expect((await store.stats(queue)).active).toBe(1)
      await store.release(claimed as Job)
      expect(await store.stats(queue)).toMatchObject({ depth: 1, active: 0 })
      await store.close()
    })

    it('idempotency keys return the first id within the TTL, per namespace and queue', async () => {
      const store = await create()
      const queue = q()
      const first = await store.enqueue(job(queue), { key: 'k1', ttlMs: 60_000 })
      const dup = await store.enqueue(job(queue), { key: 'k1', ttlMs: 60_000 })
      expect(dup).toEqual({ messageId: first.messageId, created: false })
      const other = await store.enqueue(job(queue, { namespace: 'other' }), { key: 'k1', ttlMs: 60_000 })
      expect(other.created).toBe(true)
      const short = await store.enqueue(job(queue), { key: 'k2', ttlMs: 1 })
      await new Promise((r) => setTimeout(r, 10))
      expect((await store.enqueue(job(queue), { key: 'k2', ttlMs: 1 })).messageId).not.toBe(short.messageId)
      expect((await store.stats(queue)).depth).toBe(4)
      await store.close()
    })
  })
}
