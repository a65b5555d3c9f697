import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  holdingQueueOf,
  type QueueStore,
  type Subscription,
  subscriptionQueueOf,
} from '../src/index'
import { claimOpts } from './store-contract'

const sub = (
  topic: string,
  functionId: string,
  over: Partial<Subscription> = {},
): Subscription => ({
  topic,
  function_id: functionId,
  namespace: 'default',
  queue: subscriptionQueueOf(topic, 'default', functionId),
  max_attempts: 3,
  fifo: false,
  ...over,
})
const message = (data: unknown) => ({ message_id: randomUUID(), data, created_at: Date.now() })

/** Durable-topic part of the queue adapter contract (BUILTINS.md §9.3). */
export function describeDurableStore(name: string, create: () => Promise<QueueStore>) {
  describe(`queue store contract (durable topics): ${name}`, () => {
    const topic = () => `t-${randomUUID().slice(0, 8)}`

    it('fans a message out to every subscription, once per subscription, with one id', async () => {
      const store = await create()
      const t = topic()
      const now = Date.now()
      const [a, b] = [sub(t, 'fn::a'), sub(t, 'fn::b', { max_attempts: 1, fifo: true })]
      await store.subscribe(
        a,
        { bindingId: 'bind-a1', untilMs: now + 60_000, holdingQueue: holdingQueueOf(t) },
        now,
      )
      await store.subscribe(
        a,
        { bindingId: 'bind-a2', untilMs: now + 60_000, holdingQueue: holdingQueueOf(t) },
        now,
      ) // a replica: same subscription
      await store.subscribe(
        b,
        { bindingId: 'bind-b', untilMs: now + 60_000, holdingQueue: holdingQueueOf(t) },
        now,
      )
      expect((await store.subscriptions(t, now)).map((s) => s.function_id).sort()).toEqual([
        'fn::a',
        'fn::b',
      ])
      const m = message({ order: 1 })
      expect(await store.publish({ topic: t, holdingQueue: holdingQueueOf(t) }, m, now)).toBe(2)
      const [ja] = await store.claim(a.queue, claimOpts(now))
      const [jb] = await store.claim(b.queue, claimOpts(now))
      expect(ja).toMatchObject({
        message_id: m.message_id,
        function_id: 'fn::a',
        data: { order: 1 },
        max_attempts: 3,
      })
      expect(jb).toMatchObject({ message_id: m.message_id, function_id: 'fn::b', max_attempts: 1 })
      expect(jb?.group_id).toBeDefined()
      expect(await store.claim(a.queue, claimOpts(now))).toEqual([])
      expect(await store.queueNames()).toEqual(expect.arrayContaining([a.queue, b.queue]))
      await store.close()
    })

    it('holds messages while a topic has no subscriber and hands them to the first one', async () => {
      const store = await create()
      const t = topic()
      const now = Date.now()
      const [m1, m2] = [message(1), message(2)]
      expect(await store.publish({ topic: t, holdingQueue: holdingQueueOf(t) }, m1, now)).toBe(0)
      expect(await store.publish({ topic: t, holdingQueue: holdingQueueOf(t) }, m2, now)).toBe(0)
      expect((await store.stats(holdingQueueOf(t))).depth).toBe(2)
      const a = sub(t, 'fn::a')
      expect(
        await store.subscribe(
          a,
          { bindingId: 'bind-a', untilMs: now + 60_000, holdingQueue: holdingQueueOf(t) },
          now,
        ),
      ).toBe(2)
      expect((await store.stats(holdingQueueOf(t))).depth).toBe(0)
      expect((await store.claim(a.queue, claimOpts(now))).map((j) => j.data)).toEqual([1, 2])
      await store.close()
    })

    it('unbinding the last replica, or letting its bindings expire, stops delivery', async () => {
      const store = await create()
      const t = topic()
      const now = Date.now()
      const [a, b] = [sub(t, 'fn::a'), sub(t, 'fn::b')]
      await store.subscribe(
        a,
        { bindingId: 'a1', untilMs: now + 60_000, holdingQueue: holdingQueueOf(t) },
        now,
      )
      await store.subscribe(
        a,
        { bindingId: 'a2', untilMs: now + 60_000, holdingQueue: holdingQueueOf(t) },
        now,
      )
      await store.subscribe(
        b,
        { bindingId: 'b1', untilMs: now + 1_000, holdingQueue: holdingQueueOf(t) },
        now,
      )
      await store.unsubscribe(a, 'a1', now)
      expect((await store.subscriptions(t, now)).length).toBe(2)
      await store.unsubscribe(a, 'a2', now)
      expect((await store.subscriptions(t, now)).map((s) => s.function_id)).toEqual(['fn::b'])
      expect(await store.subscriptions(t, now + 2_000)).toEqual([])
      expect(
        await store.publish(
          { topic: t, holdingQueue: holdingQueueOf(t) },
          message('late'),
          now + 2_000,
        ),
      ).toBe(0)
      expect((await store.stats(holdingQueueOf(t))).depth).toBe(1)
      await store.close()
    })
  })
}
