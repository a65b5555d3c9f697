// Brings in the `redisUrl` entry of vitest's ProvidedContext (declared by the global setup).

import { uniqueName, waitFor } from '@iii/testing'
import type {} from '@iii/testing/redis-setup'
import { describe, expect, inject, it } from 'vitest'
import { type PushMessage, RedisStreamStore } from '../src/index'
import { describeStreamStore } from './store-contract'

const redisUrl = inject('redisUrl')
const connect = (keyPrefix = `${uniqueName('iii-test')}:`) =>
  RedisStreamStore.connect({ redisUrl, keyPrefix })

describeStreamStore('redis', () => connect())

describe('redis stream store sharing', () => {
  it('two stores on one Redis share items and receive each other pushes', async () => {
    const prefix = `${uniqueName('iii-test')}:`
    const a = await connect(prefix)
    const b = await connect(prefix)
    await a.set({ stream: 's', group: 'g', item: 'i' }, { from: 'a' })
    expect(await b.get({ stream: 's', group: 'g', item: 'i' })).toEqual({ from: 'a' })
    const got: PushMessage[] = []
    b.subscribe((m) => got.push(m))
    await a.publish({
      type: 'stream',
      timestamp: 1,
      streamName: 's',
      groupId: 'g',
      event: { type: 'event', event: { type: 'x', data: 1 } },
    })
    await waitFor(() => got.length === 1, { what: 'the push on the other store' })
    expect(got[0]?.event).toEqual({ type: 'event', event: { type: 'x', data: 1 } })
    await Promise.all([a.close(), b.close()])
  })

  it('fails fast with a clear error when Redis is unreachable', async () => {
    await expect(RedisStreamStore.connect({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(
      /cannot reach redis at redis:\/\/127\.0\.0\.1:1/,
    )
  })
})
