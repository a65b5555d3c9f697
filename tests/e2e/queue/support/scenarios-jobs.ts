import { sleep, uniqueName, waitFor } from '@iii/testing'
import { TriggerAction } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { call, recorder } from './calls'
import { type QueueFixture, QueueHarness, registered } from './harness'

/** Timer granularity allowance for lower bounds on delays (the engine never runs a job early). */
const slackMs = 15

/** Named-queue semantics (BUILTINS.md §9.2), run against every adapter. */
export function describeQueueJobs(fixture: QueueFixture) {
  describe(`queue e2e (${fixture.name}): named queues`, () => {
    const h = new QueueHarness(fixture)
    afterEach(() => h.cleanup())

    it('retries with backoff × 2^(n−1) for max_retries attempts in total, then the DLQ holds the job', async () => {
      const [q3, q1, q0] = [uniqueName('r3'), uniqueName('r1'), uniqueName('r0')]
      const engine = await h.engine({
        queue_configs: {
          [q3]: { max_retries: 3, backoff_ms: 100 },
          [q1]: { max_retries: 1, backoff_ms: 10 },
          [q0]: { max_retries: 0, backoff_ms: 10 },
        },
      })
      const fn = uniqueName('e2e::fail')
      const seen = recorder<{ q: string }>()
      h.worker(engine).registerFunction(fn, async (data: { q: string }) => {
        seen.push(data)
        throw new Error(`refused ${data.q}`)
      })
      await registered(engine, fn)
      const producer = h.worker(engine)
      const receipt = await producer.trigger({
        function_id: fn,
        payload: { q: q3 },
        action: TriggerAction.Enqueue({ queue: q3 }),
      })
      for (const q of [q1, q0])
        await producer.trigger({
          function_id: fn,
          payload: { q },
          action: TriggerAction.Enqueue({ queue: q }),
        })
      const dlq = await waitFor(async () => {
        const rows = await call(producer, 'engine::queue::dlq_messages', { topic: q3 })
        return Array.isArray(rows) && rows.length === 1 ? rows : undefined
      })
      await sleep(500) // a fourth attempt would have come by now
      const [t0 = 0, t1 = 0, t2 = 0, ...more] = seen.calls
        .filter((c) => c.data.q === q3)
        .map((c) => c.at)
      expect(more).toEqual([])
      expect(t2).toBeGreaterThan(0)
      expect(t1 - t0).toBeGreaterThanOrEqual(100 - slackMs)
      expect(t2 - t1).toBeGreaterThanOrEqual(200 - slackMs)
      expect(seen.data().filter((d) => d.q === q1).length).toBe(1)
      expect(seen.data().filter((d) => d.q === q0).length).toBe(1)
      expect(dlq[0]).toMatchObject({ id: receipt.messageReceiptId, payload: { q: q3 }, retries: 3 })
      expect(dlq[0].error).toContain(`refused ${q3}`)
      expect(Math.abs(dlq[0].failed_at - Date.now() / 1000)).toBeLessThan(60)
      expect(dlq[0].size_bytes).toBe(JSON.stringify({ q: q3 }).length)
      expect(engine.jobLog(receipt.messageReceiptId)).toEqual([
        'job failed; retrying',
        'job failed; retrying',
        'job moved to the DLQ',
      ])
    })

    it('redrives one DLQ message, discards another, and redrives the rest of the queue', async () => {
      const q = uniqueName('dlq')
      const engine = await h.engine({ queue_configs: { [q]: { max_retries: 1 } } })
      const fn = uniqueName('e2e::flaky')
      let failing = true
      const done = recorder<{ n: number }>()
      h.worker(engine).registerFunction(fn, async (data: { n: number }) => {
        if (failing) throw new Error('not yet')
        done.push(data)
        return null
      })
      await registered(engine, fn)
      const p = h.worker(engine)
      const ids: string[] = []
      for (const n of [0, 1, 2])
        ids.push(
          (
            await p.trigger({
              function_id: fn,
              payload: { n },
              action: TriggerAction.Enqueue({ queue: q }),
            })
          ).messageReceiptId,
        )
      await waitFor(
        async () =>
          (await call(p, 'engine::queue::dlq_topics', {})).find?.((t: any) => t.topic === q)
            ?.message_count === 3,
      )
      expect(
        (await call(p, 'engine::queue::dlq_topics', {})).find((t: any) => t.topic === q),
      ).toEqual({
        topic: q,
        broker_type: 'function_queue',
        message_count: 3,
      })
      failing = false
      expect(
        await call(p, 'iii::queue::redrive_message', { queue: q, message_id: ids[0] }),
      ).toEqual({
        queue: q,
        message_id: ids[0],
        redriven: 1,
      })
      await waitFor(() => done.data().some((d) => d.n === 0))
      expect(
        await call(p, 'iii::queue::discard_message', { queue: q, message_id: ids[1] }),
      ).toEqual({
        queue: q,
        message_id: ids[1],
        redriven: 1,
      })
      expect(
        await call(p, 'iii::queue::discard_message', { queue: q, message_id: ids[1] }),
      ).toMatchObject({ redriven: 0 })
      expect(
        (await call(p, 'engine::queue::dlq_messages', { topic: q })).map((m: any) => m.id),
      ).toEqual([ids[2]])
      expect(await call(p, 'iii::queue::redrive', { queue: q })).toEqual({ queue: q, redriven: 1 })
      await waitFor(() => done.data().some((d) => d.n === 2))
      expect(await call(p, 'iii::queue::redrive', { queue: q })).toEqual({ queue: q, redriven: 0 })
      await sleep(200)
      expect(
        done
          .data()
          .map((d) => d.n)
          .sort(),
      ).toEqual([0, 2])
      expect(engine.jobLog(ids[0] ?? '')).toContain('job redriven from the DLQ')
      expect(await call(p, 'engine::queue::topic_stats', { topic: q })).toMatchObject({
        depth: 0,
        dlq_depth: 0,
      })
    })

    it('fifo: order within each group, retries in place, groups in parallel', async () => {
      const q = uniqueName('fifo')
      const engine = await h.engine({
        queue_configs: {
          [q]: {
            type: 'fifo',
            message_group_field: 'g',
            concurrency: 3,
            max_retries: 3,
            backoff_ms: 50,
          },
        },
      })
      const fn = uniqueName('e2e::ordered')
      const events: { g: string; i: number; kind: 'start' | 'end'; at: number }[] = []
      let running = 0
      let maxRunning = 0
      let failedOnce = false
      h.worker(engine).registerFunction(fn, async (d: { g: string; i: number }) => {
        running++
        maxRunning = Math.max(maxRunning, running)
        events.push({ ...d, kind: 'start', at: Date.now() })
        await sleep(100)
        running--
        if (d.g === 'a' && d.i === 1 && !failedOnce) {
          failedOnce = true
          throw new Error('first try fails')
        }
        events.push({ ...d, kind: 'end', at: Date.now() })
        return null
      })
      await registered(engine, fn)
      const p = h.worker(engine)
      for (let i = 0; i < 4; i++) {
        for (const g of ['a', 'b', 'c'])
          await p.trigger({
            function_id: fn,
            payload: { g, i },
            action: TriggerAction.Enqueue({ queue: q }),
          })
      }
      await waitFor(() => events.filter((e) => e.kind === 'end').length === 12, {
        timeoutMs: 15_000,
      })
      for (const g of ['a', 'b', 'c']) {
        const mine = events.filter((e) => e.g === g)
        expect(mine.filter((e) => e.kind === 'end').map((e) => e.i)).toEqual([0, 1, 2, 3])
        // One job per group at a time: every start follows the previous job's end (or failure).
        const starts = mine.filter((e) => e.kind === 'start')
        expect(starts.map((e) => e.i)).toEqual(g === 'a' ? [0, 1, 1, 2, 3] : [0, 1, 2, 3])
      }
      const a2 = events.find((e) => e.g === 'a' && e.i === 2 && e.kind === 'start')
      const a1done = events.find((e) => e.g === 'a' && e.i === 1 && e.kind === 'end')
      expect(a2?.at).toBeGreaterThanOrEqual(a1done?.at ?? Number.POSITIVE_INFINITY)
      expect(maxRunning).toBeGreaterThan(1)
      const err = await p
        .trigger({
          function_id: fn,
          payload: { i: 9 },
          action: TriggerAction.Enqueue({ queue: q }),
        })
        .catch((e) => e)
      expect(err).toMatchObject({ code: 'enqueue_error' })
      expect(err.message).toContain("needs field 'g'")
    })

    it('idempotency keys return the first receipt and run once; delay_ms postpones the job', async () => {
      const q = uniqueName('idem')
      const engine = await h.engine({ queue_configs: { [q]: {} } })
      const fn = uniqueName('e2e::once')
      const seen = recorder<{ k: string }>()
      h.worker(engine).registerFunction(fn, async (d: { k: string }) => {
        seen.push(d)
        return null
      })
      await registered(engine, fn)
      const p = h.worker(engine)
      const enqueue = (k: string, options: { idempotency_key?: string; delay_ms?: number }) =>
        p.trigger({
          function_id: fn,
          payload: { k },
          action: TriggerAction.Enqueue({ queue: q, ...options }),
        })
      const first = await enqueue('a', { idempotency_key: 'order-1' })
      const dup = await enqueue('a-again', { idempotency_key: 'order-1' })
      const other = await enqueue('b', { idempotency_key: 'order-2' })
      expect(dup.messageReceiptId).toBe(first.messageReceiptId)
      expect(other.messageReceiptId).not.toBe(first.messageReceiptId)
      const sentAt = Date.now()
      await enqueue('late', { delay_ms: 400 })
      expect(
        (await call(p, 'engine::queue::topic_stats', { topic: q })).depth,
      ).toBeGreaterThanOrEqual(1)
      await waitFor(() => seen.data().some((d) => d.k === 'late'))
      await sleep(200)
      expect(
        seen
          .data()
          .map((d) => d.k)
          .sort(),
      ).toEqual(['a', 'b', 'late'])
      const lateAt = seen.calls.find((c) => c.data.k === 'late')?.at ?? 0
      expect(lateAt - sentAt).toBeGreaterThanOrEqual(400 - slackMs)
    })

    it('a job for an unregistered function: a failed attempt on memory and file, a wait on Redis', async () => {
      const q = uniqueName('nofn')
      const engine = await h.engine({ queue_configs: { [q]: { max_retries: 1 } } })
      const fn = uniqueName('e2e::missing')
      const p = h.worker(engine)
      const { messageReceiptId: id } = await p.trigger({
        function_id: fn,
        payload: { m: 1 },
        action: TriggerAction.Enqueue({ queue: q }),
      })
      if (fixture.name !== 'redis') {
        const [entry] = await waitFor(async () => {
          const rows = await call(p, 'engine::queue::dlq_messages', { topic: q })
          return rows.length ? rows : undefined
        })
        expect(entry).toMatchObject({ id, retries: 1 })
        expect(entry.error).toContain(`Function ${fn} not found`)
        return
      }
      await sleep(400) // a shared store keeps the job for an engine that has the function
      expect(await call(p, 'engine::queue::topic_stats', { topic: q })).toMatchObject({
        depth: 1,
        dlq_depth: 0,
      })
      const ran = recorder()
      h.worker(engine).registerFunction(fn, async (d) => {
        ran.push(d)
        return null
      })
      await waitFor(() => ran.calls.length === 1)
      expect(engine.jobLog(id)).toEqual([])
    })

    it('a standard queue runs up to concurrency jobs at once', async () => {
      const q = uniqueName('conc')
      const engine = await h.engine({ queue_configs: { [q]: { concurrency: 2 } } })
      const fn = uniqueName('e2e::par')
      let running = 0
      let maxRunning = 0
      let done = 0
      h.worker(engine).registerFunction(fn, async () => {
        running++
        maxRunning = Math.max(maxRunning, running)
        await sleep(150)
        running--
        done++
        return null
      })
      await registered(engine, fn)
      const p = h.worker(engine)
      const all = [0, 1, 2, 3, 4, 5].map((i) =>
        p.trigger({ function_id: fn, payload: { i }, action: TriggerAction.Enqueue({ queue: q }) }),
      )
      await Promise.all(all)
      await waitFor(() => done === 6)
      expect(maxRunning).toBe(2)
    })
  })
}
