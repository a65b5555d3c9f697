import type { Logger } from '@iii/core'
import { Redis } from 'ioredis'

/** Per-instant fire locks (BUILTINS.md §8): taken once, never released, left to expire. */
export interface CronLocks {
  /** True when this caller took the lock; false when someone already holds it. */
  acquire(key: string, ttlMs: number): Promise<boolean>
  close(): Promise<void>
}

/** One process: a map of keys to expiry times. */
export class MemoryCronLocks implements CronLocks {
  private readonly held = new Map<string, number>()
  private sweptAt = 0

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now()
    this.sweep(now, ttlMs)
    if ((this.held.get(key) ?? 0) > now) return false
    this.held.set(key, now + ttlMs)
    return true
  }

  async close(): Promise<void> {
    this.held.clear()
  }

  private sweep(now: number, ttlMs: number): void {
    if (now - this.sweptAt < ttlMs) return
    this.sweptAt = now
    for (const [key, until] of this.held) if (until <= now) this.held.delete(key)
  }
}

/** Shared by every engine on the Redis: `SET key 1 NX PX ttl`. */
export class RedisCronLocks implements CronLocks {
  private constructor(private readonly redis: Redis) {}

  /** Connects (failing after 10 s with a clear error). */
  static async connect(url: string, logger?: Logger): Promise<RedisCronLocks> {
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: 10_000 })
    let last = ''
    redis.on('error', (err: Error) => {
      if (err.message === last) return
      last = err.message
      logger?.warn('cron redis locks: connection error', { url, err: err.message })
    })
    try {
      await redis.connect()
    } catch (err) {
      redis.disconnect()
      throw new Error(
        `cron redis adapter: cannot connect to ${url}: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
    return new RedisCronLocks(redis)
  }

  async acquire(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, '1', 'PX', ttlMs, 'NX')) === 'OK'
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined)
  }
}
