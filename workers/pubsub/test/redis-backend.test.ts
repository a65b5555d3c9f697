import { uniqueName, waitFor } from '@iii/testing'
import Redis from 'ioredis'
import { describe, expect, it } from 'vitest'
import { pubsubChannel, RedisPubsubBackend } from '../src/index'
import { describePubsubBackend } from './backend-contract'
import { testRedisUrl } from './redis-url'

describePubsubBackend('redis', () => RedisPubsubBackend.open({ redisUrl: testRedisUrl() }))

describe('redis pubsub backend', () => {
  it('a publish through one backend reaches subscribers of another on the same Redis', async () => {
    const a = await RedisPubsubBackend.open({ redisUrl: testRedisUrl() })
    const b = await RedisPubsubBackend.open({ redisUrl: testRedisUrl() })
    try {
      const topic = uniqueName('shared')
      const got: unknown[] = []
      await b.subscribe(topic, (data) => got.push(data))
      await a.publish(topic, { from: 'a' })
      await waitFor(() => got.length === 1, { what: 'the message on b' })
      expect(got).toEqual([{ from: 'a' }])
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('drops a message that is not JSON and keeps delivering', async () => {
    const backend = await RedisPubsubBackend.open({ redisUrl: testRedisUrl() })
    const raw = new Redis(testRedisUrl())
    try {
      const topic = uniqueName('raw')
      const got: unknown[] = []
      await backend.subscribe(topic, (data) => got.push(data))
      await raw.publish(pubsubChannel(topic), '{not json')
      await raw.publish(pubsubChannel(topic), '"fine"')
      await waitFor(() => got.length === 1, { what: 'the valid message' })
      expect(got).toEqual(['fine'])
    } finally {
      raw.disconnect()
      await backend.close()
    }
  })

  it('fails fast with a clear error when Redis is unreachable', async () => {
    await expect(
      RedisPubsubBackend.open({ redisUrl: 'redis://127.0.0.1:1', connectTimeoutMs: 1000 }),
    ).rejects.toThrow(/cannot connect to Redis/)
  })
})
