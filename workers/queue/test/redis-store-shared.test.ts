import { randomUUID } from 'node:crypto'
import type {} from '@iii/testing/redis-setup'
import { describe, expect, inject, it } from 'vitest'
import { RedisQueueStore } from '../src/index'
import { claimOpts, job, uniqueQueue } from './store-contract'

describe('redis queue store: several engines', () => {
  it('another engine is woken when work becomes ready, and claims only its own functions', async () => {
    const prefix = `shared:${randomUUID().slice(0, 8)}:`
    const [a, b] = await Promise.all(
      [1, 2].map(() => RedisQueueStore.connect({ url: inject('redisUrl'), prefix })),
    )
    const queue = uniqueQueue()
    const woken = new Promise<string>((resolve) => b?.onWake(resolve))
    await a?.enqueue(job(queue, { function_id: 'on-a' }))
    await a?.enqueue(job(queue, { function_id: 'on-b' }))
    expect(await woken).toBe(queue)
    const got = await b?.claim(queue, { ...claimOpts(), canRun: (fn) => fn === 'on-b' })
    expect(got?.map((j) => j.function_id)).toEqual(['on-b'])
    expect(
      (await a?.claim(queue, { ...claimOpts(), canRun: (fn) => fn === 'on-a' }))?.map(
        (j) => j.function_id,
      ),
    ).toEqual(['on-a'])
    await a?.close()
    await b?.close()
  })

  it('fails to connect with a clear error', async () => {
    await expect(RedisQueueStore.connect({ url: 'redis://127.0.0.1:1' })).rejects.toThrow(
      'cannot connect to redis://127.0.0.1:1',
    )
  })
})
