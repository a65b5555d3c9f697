import { describe, expect, it } from 'vitest'
import { RedisStateStore } from '../src/index'
import { testRedisUrl } from './redis-url'
import { describeStateStore } from './store-contract'

describeStateStore('redis', () => RedisStateStore.open({ redisUrl: testRedisUrl() }))

describe('redis state store', () => {
  it('two stores on one Redis see each other’s writes and updates', async () => {
    const a = await RedisStateStore.open({ redisUrl: testRedisUrl() })
    const b = await RedisStateStore.open({ redisUrl: testRedisUrl() })
    try {
      const scope = `shared-${Date.now()}`
      await a.set(scope, 'k', { n: 1 })
      expect(await b.get(scope, 'k')).toEqual({ n: 1 })
      await Promise.all([
        ...Array.from({ length: 50 }, () =>
          a.update(scope, 'k', { ops: [{ type: 'increment', path: 'n', by: 1 }] }),
        ),
        ...Array.from({ length: 50 }, () =>
          b.update(scope, 'k', { ops: [{ type: 'increment', path: 'n', by: 1 }] }),
        ),
      ])
      expect(await a.get(scope, 'k')).toEqual({ n: 101 })
      expect(await b.listGroups()).toContain(scope)
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('fails fast with a clear error when Redis is unreachable', async () => {
    await expect(
      RedisStateStore.open({ redisUrl: 'redis://127.0.0.1:1', connectTimeoutMs: 1000 }),
    ).rejects.toThrow(/cannot connect to Redis/)
  })
})
