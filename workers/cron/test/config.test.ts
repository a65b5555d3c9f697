import { describe, expect, it } from 'vitest'
import { chooseLocks, cronWorker } from '../src/index'

describe('cron config', () => {
  it('accepts memory, file, kv and redis spellings', () => {
    expect(chooseLocks({ name: 'memory' })).toEqual({ kind: 'memory', lockTtlMs: 30_000 })
    expect(chooseLocks({ name: 'file', config: { file_path: './x' } })).toMatchObject({
      kind: 'memory',
    })
    expect(chooseLocks({ name: 'kv', config: { store_method: 'file_based' } })).toMatchObject({
      kind: 'memory',
    })
    expect(
      chooseLocks({ name: 'redis', config: { redis_url: 'redis://h:1', lock_ttl_ms: 5000 } }),
    ).toEqual({
      kind: 'redis',
      url: 'redis://h:1',
      lockTtlMs: 5000,
    })
    expect(cronWorker.validate?.({ adapter: { name: 'memory' } })).toBeUndefined()
    expect(cronWorker.validate?.({ adapter: { name: 'nope' } })).toMatchObject({
      key: 'adapter.name',
    })
  })

  it('names the key of every bad adapter setting', () => {
    const problems = [
      [{ name: 'sql' }, 'adapter.name'],
      [{ name: 'memory', config: { redis_url: 'redis://x' } }, 'adapter.config.redis_url'],
      [{ name: 'redis', config: { redis_url: 'http://x' } }, 'adapter.config.redis_url'],
      [{ name: 'redis', config: { lock_ttl_ms: 5 } }, 'adapter.config.lock_ttl_ms'],
      [{ name: 'kv', config: { store_method: 'disk' } }, 'adapter.config.store_method'],
    ] as const
    for (const [adapter, key] of problems) expect(chooseLocks(adapter)).toMatchObject({ key })
  })
})
