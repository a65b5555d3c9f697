import { randomUUID } from 'node:crypto'
import type {} from '@iii/testing/redis-setup'
import { describe, expect, inject, it } from 'vitest'
import { type CronLocks, MemoryCronLocks, RedisCronLocks } from '../src/index'

/** The cron lock contract: memory and Redis behave the same. */
function describeLocks(name: string, create: () => Promise<CronLocks>) {
  describe(`cron locks: ${name}`, () => {
    it('a key is taken once until its TTL ends, then again', async () => {
      const locks = await create()
      const key = `cron_lock:${randomUUID()}:1700000000000`
      expect(await locks.acquire(key, 1000)).toBe(true)
      expect(await locks.acquire(key, 1000)).toBe(false)
      expect(await locks.acquire(`${key}1`, 1000)).toBe(true)
      await new Promise((r) => setTimeout(r, 1100))
      expect(await locks.acquire(key, 1000)).toBe(true)
      await locks.close()
    })

    it('concurrent takers: exactly one wins', async () => {
      const locks = await create()
      const key = `cron_lock:${randomUUID()}:1`
      const results = await Promise.all(Array.from({ length: 20 }, () => locks.acquire(key, 5000)))
      expect(results.filter(Boolean).length).toBe(1)
      await locks.close()
    })
  })
}

describeLocks('memory', async () => new MemoryCronLocks())
describeLocks('redis', () => RedisCronLocks.connect(inject('redisUrl')))

describe('cron redis locks', () => {
  it('two engines share the lock', async () => {
    const [a, b] = await Promise.all([
      RedisCronLocks.connect(inject('redisUrl')),
      RedisCronLocks.connect(inject('redisUrl')),
    ])
    const key = `cron_lock:${randomUUID()}:2`
    expect([await a.acquire(key, 5000), await b.acquire(key, 5000)]).toEqual([true, false])
    await a.close()
    await b.close()
  })

  it('fails to connect with a clear error', async () => {
    await expect(RedisCronLocks.connect('redis://127.0.0.1:1')).rejects.toThrow(
      'cannot connect to redis://127.0.0.1:1',
    )
  })
})
