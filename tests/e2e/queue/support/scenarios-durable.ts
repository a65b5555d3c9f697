import { sleep, uniqueName, waitFor } from '@iii/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { call, recorder } from './calls'
import { bound, type QueueFixture, QueueHarness, registered } from './harness'

/** Durable topics (BUILTINS.md §9.3), run against every adapter. */
export function describeDurableTopics(fixture: QueueFixture) {
  describe(`queue e2e (${fixture.name}): durable topics`, () => {
    const h = new QueueHarness(fixture)
    afterEach(() => h.cleanup())

    it('fans out to every subscribed function; replicas of one function share each message', async () => {
      const engine = await h.engine()
      const topic = uniqueName('orders')
      const [fa, fb] = [uniqueName('sub::a'), uniqueName('sub::b')]
      const [a, b] = [recorder<{ n: number }>(), recorder<{ n: number }>()]
      const owner = h.worker(engine)
      owner.registerFunction(fa, async (d: { n: number }) => {
        a.push(d)
        return null
      })
      owner.registerTrigger({ type: 'durable:subscriber', function_id: fa, config: { topic } })
      // A second replica binds the same function: the subscription is shared, not doubled.
      h.worker(engine).registerTrigger({
        type: 'durable:subscriber',
        function_id: fa,
        config: { topic },
      })
      const wb = h.worker(engine)
      wb.registerFunction(fb, async (d: { n: number }) => {
        b.push(d)
        return null
      })
      const bBinding = wb.registerTrigger({
        type: 'durable:subscriber',
        function_id: fb,
        config: { topic, queue_config: { maxRetries: 0 } },
      })
      await registered(engine, fa)
      await registered(engine, fb)
      await bound(engine, fa, 2)
      await bound(engine, fb)
      const p = h.worker(engine)
      for (let n = 0; n < 5; n++)
        expect(await call(p, 'iii::durable::publish', { topic, data: { n } })).toBeUndefined()
      await waitFor(() => a.calls.length >= 5 && b.calls.length >= 5)
      await sleep(300)
      expect(
        a
          .data()
          .map((d) => d.n)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4])
      expect(
        b
          .data()
          .map((d) => d.n)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4])
      const topics = await call(p, 'engine::queue::list_topics', {})
      expect(topics).toContainEqual({ name: topic, broker_type: fixture.name, subscriber_count: 2 })
      expect(topics).toContainEqual({
        name: 'default',
        broker_type: 'function_queue',
        subscriber_count: 10,
      })
      bBinding.unregister()
      await waitFor(() => ![...engine.core.bindings.all()].some((x) => x.function_id === fb))
      await call(p, 'iii::durable::publish', { topic, data: { n: 5 } })
      await waitFor(() => a.data().some((d) => d.n === 5))
      await sleep(300)
      expect(b.data().some((d) => d.n === 5)).toBe(false)
    })

    it('holds messages published with no subscriber and delivers them to the first one', async () => {
      const engine = await h.engine()
      const topic = uniqueName('held')
      const p = h.worker(engine)
      for (const n of [1, 2]) await call(p, 'iii::durable::publish', { topic, data: { n } })
      expect(await call(p, 'engine::queue::topic_stats', { topic })).toMatchObject({
        depth: 2,
        consumer_count: 0,
        dlq_depth: 0,
      })
      const fn = uniqueName('sub::late')
      const got = recorder<{ n: number }>()
      const w = h.worker(engine)
      w.registerFunction(fn, async (d: { n: number }) => {
        got.push(d)
        return null
      })
      await registered(engine, fn)
      w.registerTrigger({ type: 'durable:subscriber', function_id: fn, config: { topic } })
      await waitFor(() => got.calls.length === 2)
      expect(got.data().map((d) => d.n)).toEqual([1, 2])
    })

    it('exhausted messages go to the subscription DLQ, listed and redriven by topic', async () => {
      const engine = await h.engine()
      const topic = uniqueName('dlqtopic')
      const fn = uniqueName('sub::picky')
      let failing = true
      const ok = recorder<{ n: number }>()
      let attempts = 0
      const w = h.worker(engine)
      w.registerFunction(fn, async (d: { n: number }) => {
        attempts++
        if (failing) throw new Error(`cannot take ${d.n}`)
        ok.push(d)
        return null
      })
      await registered(engine, fn)
      w.registerTrigger({
        type: 'durable:subscriber',
        function_id: fn,
        config: { topic, queue_config: { maxRetries: 1, backoffDelayMs: 20 } },
      })
      await bound(engine, fn)
      const p = h.worker(engine)
      await call(p, 'iii::durable::publish', { topic, data: { n: 7 } })
      await waitFor(async () =>
        (await call(p, 'engine::queue::dlq_topics', {})).some?.((t: any) => t.topic === topic),
      )
      expect(attempts).toBe(2) // maxRetries 1 = one retry after the first attempt
      expect(
        (await call(p, 'engine::queue::dlq_topics', {})).find((t: any) => t.topic === topic),
      ).toEqual({
        topic,
        broker_type: fixture.name,
        message_count: 1,
      })
      const [entry] = await call(p, 'engine::queue::dlq_messages', { topic })
      expect(entry).toMatchObject({ payload: { n: 7 }, retries: 2 })
      expect(entry.error).toContain('cannot take 7')
      failing = false
      expect(await call(p, 'iii::queue::redrive', { topic })).toEqual({ queue: topic, redriven: 1 })
      await waitFor(() => ok.calls.length === 1)
      expect(await call(p, 'engine::queue::topic_stats', { topic })).toMatchObject({
        depth: 0,
        dlq_depth: 0,
        consumer_count: 1,
      })
    })

    it('a condition function can skip a message', async () => {
      const engine = await h.engine()
      const topic = uniqueName('cond')
      const [fn, cond] = [uniqueName('sub::even'), uniqueName('cond::even')]
      const got = recorder<{ n: number }>()
      const w = h.worker(engine)
      w.registerFunction(fn, async (d: { n: number }) => {
        got.push(d)
        return null
      })
      w.registerFunction(cond, async (d: { n: number }) => d.n % 2 === 0)
      await registered(engine, fn)
      await registered(engine, cond)
      w.registerTrigger({
        type: 'durable:subscriber',
        function_id: fn,
        config: { topic, condition_function_id: cond },
      })
      await bound(engine, fn)
      const p = h.worker(engine)
      for (const n of [1, 2, 3, 4]) await call(p, 'iii::durable::publish', { topic, data: { n } })
      await waitFor(() => got.calls.length === 2)
      await sleep(200)
      expect(
        got
          .data()
          .map((d) => d.n)
          .sort(),
      ).toEqual([2, 4])
      expect(await call(p, 'engine::queue::topic_stats', { topic })).toMatchObject({
        depth: 0,
        dlq_depth: 0,
      })
    })
  })
}
