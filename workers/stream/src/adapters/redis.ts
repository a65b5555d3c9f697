import { type Logger, silentLogger } from '@iii/core'
import type { UpdateOp } from '@iii/update-ops'
import { Redis } from 'ioredis'
import { isPushMessage, type PushMessage } from '../message'
import type {
  DeleteResult,
  ItemKey,
  SetResult,
  StreamStore,
  StreamSummary,
  UpdateOpError,
  UpdateResult,
} from '../store'
import { LuaScript, textOrNull } from './lua-script'
import { deleteScript, setScript, updateScript } from './redis-scripts'

export interface RedisStoreOptions {
  redisUrl: string
  /** Prefix of every key and of the push channel. @default 'iii:stream:' */
  keyPrefix?: string
  logger?: Logger
}

export const redisStoreDefaults = { keyPrefix: 'iii:stream:' } as const

const scripts = {
  set: new LuaScript(setScript),
  delete: new LuaScript(deleteScript),
  update: new LuaScript(updateScript),
}

/**
 * Items in Redis hashes (one per group) with group and stream index sets; pushes go through a
 * Redis channel, so every engine sharing the Redis delivers them to its own subscribers.
 */
export class RedisStreamStore implements StreamStore {
  readonly name = 'redis'
  private readonly listeners = new Set<(message: PushMessage) => void>()
  private readonly prefix: string
  private readonly logger: Logger

  private constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    { logger, prefix }: { logger: Logger; prefix: string },
  ) {
    this.logger = logger
    this.prefix = prefix
    subscriber.on('message', (_channel: string, text: string) => this.receive(text))
  }

  /** Connects (failing fast when Redis is unreachable) and subscribes to the push channel. */
  static async connect(options: RedisStoreOptions): Promise<RedisStreamStore> {
    const logger = options.logger ?? silentLogger
    const prefix = options.keyPrefix ?? redisStoreDefaults.keyPrefix
    const client = createClient(options.redisUrl, logger)
    const subscriber = createClient(options.redisUrl, logger)
    try {
      await Promise.all([client.connect(), subscriber.connect()])
      await subscriber.subscribe(`${prefix}pushes`)
    } catch (err) {
      client.disconnect()
      subscriber.disconnect()
      throw new Error(
        `stream adapter cannot reach redis at ${redactUrl(options.redisUrl)}: ${(err as Error).message}`,
      )
    }
    return new RedisStreamStore(client, subscriber, { logger, prefix })
  }

  async get(key: ItemKey): Promise<unknown> {
    const text = await this.client.hget(this.itemsKey(key.stream, key.group), key.item)
    return text === null ? undefined : JSON.parse(text)
  }

  async set(key: ItemKey, value: unknown): Promise<SetResult> {
    const text = JSON.stringify(value === undefined ? null : value)
    const reply = await scripts.set.run(this.client, this.keys(key), [
      key.item,
      text,
      key.group,
      key.stream,
    ])
    const old = textOrNull(reply, 'stream set')
    const newValue: unknown = JSON.parse(text)
    return old === null
      ? { new_value: newValue }
      : { old_value: JSON.parse(old), new_value: newValue }
  }

  async delete(key: ItemKey): Promise<DeleteResult> {
    const reply = await scripts.delete.run(this.client, this.keys(key), [
      key.item,
      key.group,
      key.stream,
    ])
    const old = textOrNull(reply, 'stream delete')
    return old === null ? {} : { old_value: JSON.parse(old) }
  }

  async update(key: ItemKey, ops: UpdateOp[]): Promise<UpdateResult> {
    const reply = await scripts.update.run(this.client, this.keys(key), [
      key.item,
      JSON.stringify(ops),
      key.group,
      key.stream,
    ])
    if (!Array.isArray(reply) || reply.length !== 3)
      throw new Error('unexpected redis reply for stream update')
    const old = textOrNull(reply[0], 'stream update')
    const result: UpdateResult = { new_value: JSON.parse(String(reply[1])) }
    if (old !== null) result.old_value = JSON.parse(old)
    const errors: UpdateOpError[] = JSON.parse(String(reply[2]))
    if (Array.isArray(errors) && errors.length > 0) result.errors = errors
    return result
  }

  async list(stream: string, group: string): Promise<unknown[]> {
    const texts = await this.client.hvals(this.itemsKey(stream, group))
    return texts.map((text) => JSON.parse(text))
  }

  async listGroups(stream: string): Promise<string[]> {
    return (await this.client.smembers(this.groupsKey(stream))).sort()
  }

  async listAll(): Promise<StreamSummary[]> {
    const streams = (await this.client.smembers(this.streamsKey())).sort()
    return Promise.all(streams.map(async (id) => ({ id, groups: await this.listGroups(id) })))
  }

  async publish(message: PushMessage): Promise<void> {
    await this.client.publish(`${this.prefix}pushes`, JSON.stringify(message))
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.listeners.clear()
    await Promise.allSettled([this.subscriber.quit(), this.client.quit()])
  }

  private receive(text: string): void {
    let message: unknown
    try {
      message = JSON.parse(text)
    } catch {
      message = undefined
    }
    if (!isPushMessage(message)) {
      this.logger.warn('ignored a malformed stream push from redis', { bytes: text.length })
      return
    }
    for (const listener of this.listeners) {
      try {
        listener(message)
      } catch (err) {
        this.logger.warn('stream push listener failed', { err })
      }
    }
  }

  private keys(key: ItemKey): string[] {
    return [this.itemsKey(key.stream, key.group), this.groupsKey(key.stream), this.streamsKey()]
  }

  /** JSON keeps `stream › group` unambiguous whatever characters the names hold. */
  private itemsKey(stream: string, group: string): string {
    return `${this.prefix}items:${JSON.stringify([stream, group])}`
  }

  private groupsKey(stream: string): string {
    return `${this.prefix}groups:${stream}`
  }

  private streamsKey(): string {
    return `${this.prefix}streams`
  }
}

function createClient(url: string, logger: Logger): Redis {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 })
  client.on('error', (err: Error) =>
    logger.warn('stream redis connection error', { err: err.message }),
  )
  return client
}

/** Drops a password from a URL before it reaches a message. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//[redacted]@')
}
