import type { Logger } from '@iii/core'
import Redis from 'ioredis'
import {
  encodeMessage,
  type MessageHandler,
  type PubsubBackend,
  type Unsubscribe,
} from '../backend'

/** Channel of a topic; every engine on the same Redis uses the same names. */
export const pubsubChannel = (topic: string) => `iii:pubsub:${topic}`

export interface RedisPubsubBackendOptions {
  redisUrl: string
  logger?: Logger
  /** How long each first connection may take. @default 5000 */
  connectTimeoutMs?: number
}

async function connect(options: RedisPubsubBackendOptions, role: string): Promise<Redis> {
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    connectTimeout: options.connectTimeoutMs ?? 5000,
  })
  redis.on('error', (err: Error) =>
    options.logger?.warn('pubsub redis connection error', { role, err: err.message }),
  )
  try {
    await redis.connect()
  } catch (err) {
    redis.disconnect()
    throw new Error(`iii-pubsub: cannot connect to Redis: ${(err as Error).message}`)
  }
  return redis
}

/**
 * Pub/sub through Redis PUBLISH/SUBSCRIBE: a publish on one engine reaches subscribers on
 * every engine sharing the Redis. A dedicated connection subscribes (a subscribed Redis
 * connection can run nothing else); ioredis re-subscribes it after a reconnect.
 */
export class RedisPubsubBackend implements PubsubBackend {
  readonly name = 'redis'
  private readonly channels = new Map<
    string,
    { handlers: Set<MessageHandler>; ready: Promise<unknown> }
  >()

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly logger: Logger | undefined,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message))
  }

  static async open(options: RedisPubsubBackendOptions): Promise<RedisPubsubBackend> {
    const publisher = await connect(options, 'publisher')
    const subscriber = await connect(options, 'subscriber').catch(async (err) => {
      publisher.disconnect()
      throw err
    })
    return new RedisPubsubBackend(publisher, subscriber, options.logger)
  }

  async publish(topic: string, data: unknown): Promise<void> {
    await this.publisher.publish(pubsubChannel(topic), encodeMessage(data))
  }

  async subscribe(topic: string, handler: MessageHandler): Promise<Unsubscribe> {
    const channel = pubsubChannel(topic)
    const entry: MessageHandler = (data) => handler(data)
    let state = this.channels.get(channel)
    if (!state) {
      state = { handlers: new Set(), ready: this.subscriber.subscribe(channel) }
      this.channels.set(channel, state)
    }
    state.handlers.add(entry)
    const own = state
    const unsubscribe = async () => {
      own.handlers.delete(entry)
      if (own.handlers.size > 0 || this.channels.get(channel) !== own) return
      this.channels.delete(channel)
      await this.subscriber.unsubscribe(channel)
    }
    await own.ready.catch(async (err: Error) => {
      await unsubscribe()
      throw new Error(`iii-pubsub: cannot subscribe to ${topic}: ${err.message}`)
    })
    return unsubscribe
  }

  async close(): Promise<void> {
    this.channels.clear()
    await Promise.all(
      [this.publisher, this.subscriber].map((r) => r.quit().catch(() => r.disconnect())),
    )
  }

  private dispatch(channel: string, message: string): void {
    const state = this.channels.get(channel)
    if (!state) return
    try {
      JSON.parse(message)
    } catch {
      this.logger?.warn('pubsub message is not JSON; dropped', { channel })
      return
    }
    // Each subscription gets its own copy, as with the local adapter.
    for (const handler of [...state.handlers]) handler(JSON.parse(message))
  }
}
