import { deferred, sleep, uniqueName, waitFor } from '@iii/testing'
import { TriggerAction } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { call, recorder } from './calls'
import { type QueueFixture, QueueHarness, registered } from './harness'
import { type Child, spawnWorker } from './processes'

/** Leases and stalls (BUILTINS.md §9.4), run against every adapter. */
export function describeStalls(fixture: QueueFixture) {
  describe(`queue e2e (${fixture.name}): leases and stalls`, () => {
    const h = new QueueHarness(fixture)
    const children: Child[] = []
    afterEach(async () => {
      for (const c of children.splice(0)) await c.kill9()
      await h.cleanup()
    })

    it('a worker killed mid-job: the job is redelivered after its lease with stall count 1, never lost', async () => {
      const q = uniqueName('stall')
      const engine = await h.engine({
        queue_configs: { [q]: { max_retries: 1 } },
        lease_ms: 1500,
        max_stalls: 3,
      })
      const fn = uniqueName('e2e::slow')
      const doomed = await spawnWorker('doomed worker', {
        url: engine.url,
        functionId: fn,
        mode: 'hang',
      })
      children.push(doomed)
      await registered(engine, fn)
      const p = h.worker(engine)
      const { messageReceiptId: id } = await p.trigger({
        function_id: fn,
        payload: { job: 'J' },
        action: TriggerAction.Enqueue({ queue: q }),
      })
      await doomed.waitForLine((l) => l.startsWith('started'))
      await doomed.kill9()
      await waitFor(() => !engine.core.functions.get('default', fn))
      const survivor = recorder<{ job: string }>()
      h.worker(engine).registerFunction(fn, async (d: { job: string }) => {
        survivor.push(d)
        return null
      })
      await waitFor(() => survivor.calls.length === 1, { timeoutMs: 15_000 })
      expect(survivor.data()).toEqual([{ job: 'J' }])
      const expired = engine.records.find(
        (r) => r.msg === 'job lease expired; redelivered' && r.fields.message_id === id,
      )
      expect(expired?.fields).toMatchObject({ queue: q, message_id: id, stalls: 1 })
      expect(engine.jobLog(id)).toContain(
        'job stalled: its worker went away; redelivered when the lease expires',
      )
      // A stall is not a failed attempt: with max_retries 1 a failure would have gone to the DLQ.
      expect(await call(p, 'engine::queue::topic_stats', { topic: q })).toMatchObject({
        depth: 0,
        dlq_depth: 0,
      })
    })

    it('a job running far longer than its lease keeps it (renewed) and runs once', async () => {
      const q = uniqueName('slow')
      const engine = await h.engine({ queue_configs: { [q]: {} }, lease_ms: 300, max_stalls: 5 })
      const fn = uniqueName('e2e::longer')
      const ran = recorder()
      h.worker(engine).registerFunction(fn, async (d) => {
        ran.push(d)
        await sleep(1500)
        return null
      })
      await registered(engine, fn)
      const p = h.worker(engine)
      const { messageReceiptId: id } = await p.trigger({
        function_id: fn,
        payload: { s: 1 },
        action: TriggerAction.Enqueue({ queue: q }),
      })
      await waitFor(
        async () =>
          (await call(p, 'engine::queue::topic_stats', { topic: q })).depth === 0 &&
          ran.calls.length === 1,
      )
      await sleep(1800)
      expect(ran.calls.length).toBe(1)
      expect(engine.jobLog(id)).toEqual([])
    })

    it('after max_stalls stalls the job goes to the DLQ with "job stalled"', async () => {
      const q = uniqueName('stall-dlq')
      const engine = await h.engine({ queue_configs: { [q]: {} }, lease_ms: 300, max_stalls: 1 })
      const fn = uniqueName('e2e::hang')
      const entered = deferred()
      const doomed = h.worker(engine)
      doomed.registerFunction(fn, () => {
        entered.resolve()
        return new Promise(() => {})
      })
      await registered(engine, fn)
      const p = h.worker(engine)
      const { messageReceiptId: id } = await p.trigger({
        function_id: fn,
        payload: { x: 1 },
        action: TriggerAction.Enqueue({ queue: q }),
      })
      await entered.promise
      await doomed.shutdown() // the engine sees the worker go away mid-job
      const dlq = await waitFor(async () => {
        const rows = await call(p, 'engine::queue::dlq_messages', { topic: q })
        return rows.length === 1 ? rows : undefined
      })
      expect(dlq[0]).toMatchObject({ id, error: 'job stalled', retries: 0 })
      // The reaper logs right after the store moved the job, so the DLQ row can be seen first.
      await waitFor(() => engine.jobLog(id).includes('job stalled too often; moved to the DLQ'), {
        what: 'the DLQ log line',
      })
    })

    it.runIf(fixture.persistent)(
      'a graceful shutdown releases its leases at once: the next engine runs the job without a stall',
      async () => {
        const q = uniqueName('release')
        const store = uniqueName('store')
        const config = { queue_configs: { [q]: {} }, lease_ms: 60_000, store }
        const first = await h.engine(config)
        const fn = uniqueName('e2e::long')
        const entered = deferred()
        h.worker(first).registerFunction(fn, () => {
          entered.resolve()
          return new Promise(() => {})
        })
        await registered(first, fn)
        const { messageReceiptId: id } = await h.worker(first).trigger({
          function_id: fn,
          payload: { r: 1 },
          action: TriggerAction.Enqueue({ queue: q }),
        })
        await entered.promise
        await h.stopEngine(first)
        const second = await h.engine(config)
        const ran = recorder()
        h.worker(second).registerFunction(fn, async (d) => {
          ran.push(d)
          return null
        })
        // Well within the 60 s lease: only a released lease makes the job ready this soon.
        await waitFor(() => ran.calls.length === 1, { timeoutMs: 10_000 })
        expect(second.jobLog(id)).not.toContain('job lease expired; redelivered')
      },
    )
  })
}
