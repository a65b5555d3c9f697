import { sleep, uniqueName, waitFor } from '@iii/testing'
import { TriggerAction } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { call, recorder } from './support/calls'
import { redisFixture } from './support/fixtures'
import { bound, QueueHarness, registered } from './support/harness'

/** Several engines on one Redis (BUILTINS.md §9.4). */
describe('queue e2e (redis): several engines on one Redis', () => {
  const h = new QueueHarness(redisFixture())
  afterEach(() => h.cleanup())

  it('a job enqueued on engine A for a function on engine B waits for B and runs there, never failing on A', async () => {
    const q = uniqueName('cross')
    const config = { queue_configs: { [q]: { max_retries: 1 } } }
    const [a, b] = [await h.engine(config), await h.engine(config)]
    const fn = uniqueName('e2e::on-b')
    const p = h.worker(a)
    const { messageReceiptId: id } = await p.trigger({
      function_id: fn,
      payload: { x: 1 },
      action: TriggerAction.Enqueue({ queue: q }),
    })
    await sleep(500) // both engines poll the queue meanwhile; neither has the function
    expect(await call(p, 'engine::queue::topic_stats', { topic: q })).toMatchObject({
      depth: 1,
      dlq_depth: 0,
    })
    const ran = recorder()
    h.worker(b).registerFunction(fn, async (d) => {
      ran.push(d)
      return null
    })
    await waitFor(() => ran.calls.length === 1)
    await sleep(200)
    expect(ran.data()).toEqual([{ x: 1 }])
    expect([...a.jobLog(id), ...b.jobLog(id)]).toEqual([])
    expect(await call(p, 'engine::queue::topic_stats', { topic: q })).toMatchObject({
      depth: 0,
      dlq_depth: 0,
    })
  })

  it('with the function on both engines, every job runs exactly once', async () => {
    const q = uniqueName('both')
    const config = { queue_configs: { [q]: { concurrency: 4 } } }
    const [a, b] = [await h.engine(config), await h.engine(config)]
    const fn = uniqueName('e2e::anywhere')
    const runs = recorder<{ i: number; on: string }>()
    for (const [engine, on] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      h.worker(engine).registerFunction(fn, async (d: { i: number }) => {
        runs.push({ i: d.i, on })
        await sleep(5)
        return null
      })
      await registered(engine, fn)
    }
    const p = h.worker(a)
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        p.trigger({ function_id: fn, payload: { i }, action: TriggerAction.Enqueue({ queue: q }) }),
      ),
    )
    await waitFor(() => runs.calls.length >= 60)
    await sleep(300)
    expect(
      runs
        .data()
        .map((r) => r.i)
        .sort((x, y) => x - y),
    ).toEqual(Array.from({ length: 60 }, (_, i) => i))
  })

  it('durable subscribers on two engines are competing replicas: each message is delivered once', async () => {
    const [a, b] = [await h.engine(), await h.engine()]
    const topic = uniqueName('shared')
    const fn = uniqueName('sub::replica')
    const got = recorder<{ n: number; on: string }>()
    for (const [engine, on] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const w = h.worker(engine)
      w.registerFunction(fn, async (d: { n: number }) => {
        got.push({ n: d.n, on })
        return null
      })
      await registered(engine, fn)
      w.registerTrigger({ type: 'durable:subscriber', function_id: fn, config: { topic } })
      await bound(engine, fn)
    }
    const p = h.worker(b)
    for (let n = 0; n < 30; n++) await call(p, 'iii::durable::publish', { topic, data: { n } })
    await waitFor(() => got.calls.length >= 30)
    await sleep(300)
    expect(
      got
        .data()
        .map((d) => d.n)
        .sort((x, y) => x - y),
    ).toEqual(Array.from({ length: 30 }, (_, n) => n))
    expect(
      (await call(p, 'engine::queue::list_topics', {})).find((t: any) => t.name === topic),
    ).toMatchObject({ subscriber_count: 1 })
  })
})
