import type { Logger } from '@iii/core'
import type { UpdateOpError } from '@iii/update-ops'
import Redis from 'ioredis'
import { valueTooLarge } from '../size'
import type { StateChange, StateStore, StateUpdateOutcome } from '../store'
import { deleteScript, runScript, setScript, updateScript } from './redis-scripts'

/**
 * Key layout (shared by every engine on the same Redis):
 * - `iii:state:scope:<scope>`: a hash, field = key, value = the JSON of the value;
 * - `iii:state:scopes`: a set of the scopes that hold at least one key.
 * Writes go through Lua scripts (redis-scripts.ts) so each is atomic, updates included.
 */
export const stateRedisKeys = {
  scope: (scope: string) => `iii:state:scope:${scope}`,
  scopes: 'iii:state:scopes',
} as const

const parse = (json: unknown): unknown => (typeof json === 'string' ? JSON.parse(json) : undefined)

const isOpError = (e: unknown): e is UpdateOpError =>
  typeof e === 'object' && e !== null && 'op_index' in e && 'code' in e
const opErrors = (list: unknown): UpdateOpError[] =>
  Array.isArray(list) ? list.filter(isOpError) : []

export interface RedisStateStoreOptions {
  redisUrl: string
  logger?: Logger
  /** How long the first connection may take. @default 5000 */
  connectTimeoutMs?: number
}

/** State in Redis: two engines on one Redis see each other's state. */
export class RedisStateStore implements StateStore {
  readonly name = 'redis'

  private constructor(private readonly redis: Redis) {}

  /** Connects (failing fast when Redis is unreachable) and returns the store. */
  static async open(options: RedisStateStoreOptions): Promise<RedisStateStore> {
    const redis = new Redis(options.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      connectTimeout: options.connectTimeoutMs ?? 5000,
    })
    redis.on('error', (err: Error) =>
      options.logger?.warn('state redis connection error', { err: err.message }),
    )
    try {
      await redis.connect()
    } catch (err) {
      redis.disconnect()
      throw new Error(`iii-state: cannot connect to Redis: ${(err as Error).message}`)
    }
    return new RedisStateStore(redis)
  }

  async get(scope: string, key: string): Promise<unknown> {
    return parse(await this.redis.hget(stateRedisKeys.scope(scope), key))
  }

  async set(scope: string, key: string, value: unknown): Promise<unknown> {
    const json = JSON.stringify(value) ?? 'null'
    return parse(
      await runScript(this.redis, setScript, {
        keys: [stateRedisKeys.scope(scope), stateRedisKeys.scopes],
        args: [key, json, scope],
      }),
    )
  }

  async delete(scope: string, key: string): Promise<unknown> {
    return parse(
      await runScript(this.redis, deleteScript, {
        keys: [stateRedisKeys.scope(scope), stateRedisKeys.scopes],
        args: [key, scope],
      }),
    )
  }

  async update(scope: string, key: string, change: StateChange): Promise<StateUpdateOutcome> {
    const { ops, maxValueBytes } = change
    const keys = [stateRedisKeys.scope(scope), stateRedisKeys.scopes]
    const args = [key, JSON.stringify(ops), maxValueBytes ?? 0, scope]
    const reply = await runScript(this.redis, updateScript, { keys, args })
    if (!Array.isArray(reply)) throw new Error('iii-state: unexpected reply from the update script')
    if (reply[0] === 0) throw valueTooLarge(Number(reply[1]), maxValueBytes ?? 0)
    return {
      old_value: parse(reply[1]),
      new_value: parse(reply[2]),
      errors: opErrors(parse(reply[3])),
    }
  }

  async list(scope: string): Promise<unknown[]> {
    return (await this.redis.hvals(stateRedisKeys.scope(scope))).map(parse)
  }

  async listKeys(scope: string): Promise<string[]> {
    return (await this.redis.hkeys(stateRedisKeys.scope(scope))).sort()
  }

  async listGroups(): Promise<string[]> {
    return (await this.redis.smembers(stateRedisKeys.scopes)).sort()
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect())
  }
}
