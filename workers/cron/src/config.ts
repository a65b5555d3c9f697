import type { ConfigProblem } from '@iii/core'
import { type Static, Type } from '@sinclair/typebox'

export const cronDefaults = {
  /** How long a per-instant lock lives; clock skew between engines must stay below it. */
  lockTtlMs: 30_000,
  redisUrl: 'redis://localhost:6379',
} as const

/** `iii-cron` configuration (BUILTINS.md §8). */
export const CronConfigSchema = Type.Object(
  {
    /** `memory` (default), `redis`, `file` (= memory), or the reference spelling `kv`. */
    adapter: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false, default: { name: 'memory' } },
    ),
  },
  { additionalProperties: false },
)
export type CronConfig = Static<typeof CronConfigSchema>

/** Where the locks live. */
export type LockChoice =
  | { kind: 'memory'; lockTtlMs: number }
  | { kind: 'redis'; url: string; lockTtlMs: number }

const allowedKeys: Record<string, string[]> = {
  memory: ['lock_ttl_ms'],
  file: ['lock_ttl_ms', 'file_path', 'save_interval_ms'],
  kv: ['lock_ttl_ms', 'store_method', 'file_path', 'save_interval_ms'],
  redis: ['lock_ttl_ms', 'redis_url'],
}

/** Resolves the adapter, or names the key that is wrong. */
export function chooseLocks(adapter: CronConfig['adapter']): LockChoice | ConfigProblem {
  const config = adapter.config ?? {}
  const allowed = allowedKeys[adapter.name]
  if (!allowed)
    return {
      key: 'adapter.name',
      reason: `unknown cron adapter "${adapter.name}"; use memory or redis`,
    }
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key))
      return { key: `adapter.config.${key}`, reason: `unknown key for the ${adapter.name} adapter` }
  }
  const ttl = config.lock_ttl_ms ?? cronDefaults.lockTtlMs
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1000)
    return { key: 'adapter.config.lock_ttl_ms', reason: 'must be an integer of at least 1000' }
  const method = config.store_method
  if (method !== undefined && method !== 'in_memory' && method !== 'file_based')
    return { key: 'adapter.config.store_method', reason: 'must be in_memory or file_based' }
  if (adapter.name !== 'redis') return { kind: 'memory', lockTtlMs: ttl }
  const url = config.redis_url ?? cronDefaults.redisUrl
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url))
    return { key: 'adapter.config.redis_url', reason: 'must be a redis:// or rediss:// URL' }
  return { kind: 'redis', url, lockTtlMs: ttl }
}

/** The config-load check (WorkerDefinition.validate). */
export function checkCronConfig(config: CronConfig): ConfigProblem | undefined {
  const choice = chooseLocks(config.adapter)
  return 'kind' in choice ? undefined : choice
}
