import {
  encodeMessage,
  type MessageHandler,
  type PubsubBackend,
  type Unsubscribe,
} from '../backend'

/**
 * In-process pub/sub. Each subscription gets its own copy of the message (a JSON round trip,
 * as through Redis), delivered after `publish` has returned.
 */
export class LocalPubsubBackend implements PubsubBackend {
  readonly name = 'local'
  private readonly topics = new Map<string, Set<MessageHandler>>()

  async publish(topic: string, data: unknown): Promise<void> {
    const handlers = this.topics.get(topic)
    if (!handlers || handlers.size === 0) return
    const message = encodeMessage(data)
    const targets = [...handlers]
    setImmediate(() => {
      for (const handler of targets) handler(JSON.parse(message))
    })
  }

  async subscribe(topic: string, handler: MessageHandler): Promise<Unsubscribe> {
    // A wrapper per call, so the same handler subscribed twice is two subscriptions.
    const entry: MessageHandler = (data) => handler(data)
    let handlers = this.topics.get(topic)
    if (!handlers) {
      handlers = new Set()
      this.topics.set(topic, handlers)
    }
    handlers.add(entry)
    return async () => {
      handlers.delete(entry)
      if (handlers.size === 0 && this.topics.get(topic) === handlers) this.topics.delete(topic)
    }
  }

  async close(): Promise<void> {
    this.topics.clear()
  }
}
