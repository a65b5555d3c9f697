import { describe, expect, it } from 'vitest'
import type { Job, QueueStore, SettleRequest } from '../src/index'
import { claimOpts, job, uniqueQueue } from './store-contract'

const ids = (jobs: Job[]) => jobs.map((j) => j.message_id)
const request = (queue: string, over: Partial<SettleRequest> = {}): SettleRequest => ({
  queue,
  acks: [],
  starts: [],
  releases: [],
  ...over,
})

/** The consumer's part of the queue adapter contract: settle, reserved jobs, batched renewals. */
export function describeSettleStore(name: string, create: () => Promise<QueueStore>) {
  describe(`queue store contract (settle): ${name}`, () => {
    it('acks, then claims the next jobs, in one call', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const jobs = [job(queue), job(queue), job(queue), job(queue)]
      for (const j of jobs) await store.enqueue(j)
      const first = await store.settle(request(queue, { claim: { ...claimOpts(), max: 2 } }))
      expect(ids(first.claimed)).toEqual(ids(jobs.slice(0, 2)))
      const stale = { ...(first.claimed[1] as Job), lease_token: 'someone-else' }
      const next = await store.settle(
        request(queue, {
          acks: [first.claimed[0] as Job, stale],
          claim: { ...claimOpts(), max: 1 },
        }),
      )
      expect(next.acked).toEqual([true, false])
      expect(ids(next.claimed)).toEqual([jobs[2]?.message_id])
      expect(next.nextDueAt).toBeUndefined()
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 2, dlq_depth: 0 })
      await store.close()
    })

    it('a short claim reports when the next delayed job is due', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const now = Date.now()
      await store.enqueue(job(queue))
      await store.enqueue(job(queue, { process_at: now + 60_000 }))
      const result = await store.settle(request(queue, { claim: { ...claimOpts(now), max: 5 } }))
      expect(result.claimed.length).toBe(1)
      expect(result.nextDueAt).toBe(now + 60_000)
      await store.close()
    })

    it('reserves jobs after the running ones; a reserved job may start and end in the same call', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const jobs = [job(queue), job(queue), job(queue), job(queue)]
      for (const j of jobs) await store.enqueue(j)
      const got = await store.settle(
        request(queue, { claim: { ...claimOpts(), max: 1, reserve: 2 } }),
      )
      expect(ids(got.claimed)).toEqual(ids(jobs.slice(0, 3)))
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 3, dlq_depth: 0 })
      const [running, reserved] = got.claimed as [Job, Job]
      const step = await store.settle(
        request(queue, { starts: [reserved], acks: [running, reserved] }),
      )
      expect(step).toMatchObject({ started: [true], acked: [true, true], claimed: [] })
      expect(await store.stats(queue)).toEqual({ depth: 1, active: 1, dlq_depth: 0 })
      await store.close()
    })

    it('an expired reserved lease returns the job with no stall; a started one stalls', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const [a, b] = [job(queue), job(queue)]
      await store.enqueue(a)
      await store.enqueue(b)
      const now = Date.now()
      const got = await store.settle(
        request(queue, { claim: { ...claimOpts(now), max: 0, reserve: 2, leaseMs: 100 } }),
      )
      expect(ids(got.claimed)).toEqual([a.message_id, b.message_id])
      expect(
        (await store.settle(request(queue, { starts: [got.claimed[1] as Job] }))).started,
      ).toEqual([true])
      const reaped = await store.reapExpired(now + 200, 3)
      expect(reaped.returned).toEqual([{ queue, message_id: a.message_id, stalls: 0 }])
      expect(reaped.requeued).toEqual([{ queue, message_id: b.message_id, stalls: 1 }])
      expect(reaped.deadLettered).toEqual([])
      const again = await store.claim(queue, claimOpts(now + 200))
      expect(again.map((j) => [j.message_id, j.stalls])).toEqual([
        [a.message_id, 0],
        [b.message_id, 1],
      ])
      await store.close()
    })

    it('releases put jobs back in their place; stale releases change nothing', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const jobs = [job(queue), job(queue), job(queue)]
      for (const j of jobs) await store.enqueue(j)
      const [a, b] = (await store.claim(queue, { ...claimOpts(), max: 2 })) as [Job, Job]
      const stale = { ...b, lease_token: 'someone-else' }
      const result = await store.settle(
        request(queue, { releases: [b, stale], claim: { ...claimOpts(), max: 1 } }),
      )
      expect(result.released).toEqual([true, false])
      // Released first, then claimed: the released job is the oldest waiting one again.
      expect(ids(result.claimed)).toEqual([b.message_id])
      expect(await store.renew([a, result.claimed[0] as Job, stale], Date.now() + 60_000)).toEqual([
        true,
        true,
        false,
      ])
      await store.close()
    })

    it('fifo: a reserved group head blocks its group like a running one', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const [a1, a2, b1] = [
        job(queue, { group_id: 'a' }),
        job(queue, { group_id: 'a' }),
        job(queue, { group_id: 'b' }),
      ]
      for (const j of [a1, a2, b1]) await store.enqueue(j)
      const got = await store.settle(
        request(queue, { claim: { ...claimOpts(), max: 0, reserve: 5 } }),
      )
      expect(ids(got.claimed)).toEqual([a1.message_id, b1.message_id])
      const next = await store.settle(
        request(queue, {
          starts: [got.claimed[0] as Job],
          acks: [got.claimed[0] as Job],
          claim: claimOpts(),
        }),
      )
      expect(ids(next.claimed)).toEqual([a2.message_id])
      await store.close()
    })

    it('concurrent enqueues each get their own receipt, duplicates included', async () => {
      const store = await create()
      const queue = uniqueQueue()
      const jobs = Array.from({ length: 30 }, (_, n) => job(queue, { data: { n } }))
      const dup = { ...(jobs[3] as Job), data: 'again' }
      const replies = await Promise.all([
        ...jobs.map((j) => store.enqueue(j)),
        store.enqueue(dup),
        store.enqueue(job(queue), { key: 'same', ttlMs: 60_000 }),
        store.enqueue(job(queue), { key: 'same', ttlMs: 60_000 }),
      ])
      expect(replies.slice(0, 30)).toEqual(
        jobs.map((j) => ({ messageId: j.message_id, created: true })),
      )
      expect(replies[30]).toEqual({ messageId: dup.message_id, created: false })
      expect(replies[32]).toEqual({ messageId: replies[31]?.messageId, created: false })
      const claimed = await store.claim(queue, { ...claimOpts(), max: 40 })
      expect(claimed.slice(0, 30).map((j) => j.data)).toEqual(jobs.map((j) => j.data))
      expect(claimed.length).toBe(31)
      await store.close()
    })
  })
}
