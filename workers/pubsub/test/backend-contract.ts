import { randomUUID } from 'node:crypto'
import { waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import type { PubsubBackend } from '../src/index'

const topicName = () => `topic-${randomUUID().slice(0, 8)}`

/** Collects what one subscription receives. */
function inbox() {
  const got: unknown[] = []
  return { got, handler: (data: unknown) => got.push(data) }
}

/** The pub/sub adapter contract: local and Redis must pass it unchanged. */
export function describePubsubBackend(name: string, create: () => Promise<PubsubBackend>) {
  describe(`pubsub backend contract: ${name}`, () => {
    const withBackend = async (fn: (backend: PubsubBackend) => Promise<void>) => {
      const backend = await create()
      try {
        await fn(backend)
      } finally {
        await backend.close()
      }
    }

    it('every subscription on a topic receives every message', () =>
      withBackend(async (backend) => {
        const topic = topicName()
        const boxes = [inbox(), inbox(), inbox()]
        for (const box of boxes) await backend.subscribe(topic, box.handler)
        for (let n = 0; n < 5; n++) await backend.publish(topic, { n })
        await waitFor(() => boxes.every((b) => b.got.length === 5), {
          what: 'five messages in every inbox',
        })
        for (const box of boxes) expect(box.got).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })))
      }))

    it('topics are isolated', () =>
      withBackend(async (backend) => {
        const [a, b] = [topicName(), topicName()]
        const boxA = inbox()
        const boxB = inbox()
        await backend.subscribe(a, boxA.handler)
        await backend.subscribe(b, boxB.handler)
        await backend.publish(a, 'for-a')
        await backend.publish(b, 'for-b')
        await waitFor(() => boxA.got.length === 1 && boxB.got.length === 1, {
          what: 'one message each',
        })
        expect([boxA.got, boxB.got]).toEqual([['for-a'], ['for-b']])
      }))

    it('an unsubscribed handler receives nothing more; others keep receiving', () =>
      withBackend(async (backend) => {
        const topic = topicName()
        const stays = inbox()
        const leaves = inbox()
        await backend.subscribe(topic, stays.handler)
        const unsubscribe = await backend.subscribe(topic, leaves.handler)
        await backend.publish(topic, 1)
        await waitFor(() => leaves.got.length === 1 && stays.got.length === 1, {
          what: 'the first message',
        })
        await unsubscribe()
        await backend.publish(topic, 2)
        await waitFor(() => stays.got.length === 2, { what: 'the second message' })
        expect(leaves.got).toEqual([1])
      }))

    it('a topic can be subscribed again after its last subscription left', () =>
      withBackend(async (backend) => {
        const topic = topicName()
        await (await backend.subscribe(topic, () => {}))()
        const box = inbox()
        await backend.subscribe(topic, box.handler)
        await backend.publish(topic, 'again')
        await waitFor(() => box.got.length === 1, { what: 'the message' })
      }))

    it('delivers JSON data, each subscription its own copy; undefined becomes null', () =>
      withBackend(async (backend) => {
        const topic = topicName()
        const first = inbox()
        const second = inbox()
        await backend.subscribe(topic, (data) => {
          first.handler(data)
          if (typeof data === 'object' && data !== null) Object.assign(data, { mutated: true })
        })
        await backend.subscribe(topic, second.handler)
        await backend.publish(topic, { list: [1, { a: 'é' }], n: null, when: new Date(0) })
        await backend.publish(topic, undefined)
        await waitFor(() => second.got.length === 2, { what: 'both messages' })
        expect(second.got).toEqual([
          { list: [1, { a: 'é' }], n: null, when: '1970-01-01T00:00:00.000Z' },
          null,
        ])
      }))

    it('publishing to a topic nobody follows succeeds', () =>
      withBackend(async (backend) => {
        await expect(backend.publish(topicName(), { lost: true })).resolves.toBeUndefined()
      }))
  })
}
