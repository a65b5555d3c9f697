import { addActiveSpanEvent } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { DlqEntry } from './job'
import { holdingQueueOf, parseDurableQueue } from './names'
import type { Queues } from './queues'
import type { DurableTopics } from './topics'

/** A DLQ entry as `engine::queue::dlq_messages` shows it (BUILTINS.md §9.1). */
export interface DlqMessage {
  id: string
  payload: unknown
  error: string
  /** Seconds. */
  failed_at: number
  retries: number
  size_bytes: number
  /** The trace the failed deliveries ran in (the enqueuing call's), when the job was traced. */
  trace_id?: string
}

const traceparentShape = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/

/** The trace id of a W3C `traceparent`, unless it is malformed or all zeros. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const id = traceparentShape.exec(traceparent?.trim().toLowerCase() ?? '')?.[1]
  return id && !/^0+$/.test(id) ? id : undefined
}

function toMessage(e: DlqEntry): DlqMessage {
  const message: DlqMessage = {
    id: e.job.message_id,
    payload: e.job.data,
    error: e.error,
    failed_at: Math.floor(e.failed_at / 1000),
    retries: e.job.attempts_made,
    size_bytes: Buffer.byteLength(JSON.stringify(e.job.data ?? null)),
  }
  const traceId = traceIdOf(e.job.traceparent)
  if (traceId) message.trace_id = traceId
  return message
}

const subscriptionQueues = (known: string[], topic: string) =>
  known.filter((q) => {
    const parsed = parseDurableQueue(q)
    return parsed?.subscription === true && parsed.topic === topic
  })

/**
 * Read and repair operations over named queues and durable topics. A name given as `queue` or
 * `topic` covers the named queue of that name and every subscription queue of that topic.
 */
export class QueueAdmin {
  constructor(
    private readonly queues: Queues,
    private readonly topics: DurableTopics,
  ) {}

  private get store() {
    return this.queues.store
  }

  /** Store queues behind a name; unknown names are `queue_not_found`. */
  async storeQueuesOf(name: string): Promise<string[]> {
    const known = await this.store.queueNames()
    const out = this.queues.settingsOf(name) || known.includes(name) ? [name] : []
    out.push(...subscriptionQueues(known, name))
    if (out.length === 0 && !known.includes(holdingQueueOf(name)))
      throw new IIIError('queue_not_found', `Queue '${name}' not found`)
    return out
  }

  async topicNames(): Promise<string[]> {
    const names = new Set<string>()
    for (const q of await this.store.queueNames()) {
      const parsed = parseDurableQueue(q)
      if (parsed) names.add(parsed.topic)
    }
    return [...names].sort()
  }

  async listTopics() {
    const rows = this.queues.namedQueues().map((name) => ({
      name,
      broker_type: 'function_queue',
      subscriber_count: this.queues.settingsOf(name)?.concurrency ?? 0,
    }))
    const now = Date.now()
    for (const topic of await this.topicNames()) {
      rows.push({
        name: topic,
        broker_type: this.store.name,
        subscriber_count: (await this.store.subscriptions(topic, now)).length,
      })
    }
    return rows
  }

  async topicStats(topic: string) {
    const settings = this.queues.settingsOf(topic)
    if (settings) {
      const s = await this.store.stats(topic)
      return {
        depth: s.depth,
        consumer_count: this.queues.consumers.get(topic)?.activeCount ?? 0,
        dlq_depth: s.dlq_depth,
        config: settings,
      }
    }
    const queues = await this.storeQueuesOf(topic)
    const held = await this.store.stats(holdingQueueOf(topic))
    let depth = held.depth
    let dlq = 0
    for (const q of queues) {
      const s = await this.store.stats(q)
      depth += s.depth
      dlq += s.dlq_depth
    }
    const subs = await this.store.subscriptions(topic, Date.now())
    return {
      depth,
      consumer_count: subs.length,
      dlq_depth: dlq,
      config: { subscriptions: this.topics.localConfigs(topic) },
    }
  }

  async dlqTopics() {
    const rows: { topic: string; broker_type: string; message_count: number }[] = []
    for (const name of this.queues.namedQueues()) {
      const n = (await this.store.stats(name)).dlq_depth
      if (n > 0) rows.push({ topic: name, broker_type: 'function_queue', message_count: n })
    }
    const known = await this.store.queueNames()
    for (const topic of await this.topicNames()) {
      let n = 0
      for (const q of subscriptionQueues(known, topic)) n += (await this.store.stats(q)).dlq_depth
      if (n > 0) rows.push({ topic, broker_type: this.store.name, message_count: n })
    }
    return rows
  }

  async dlqMessages(topic: string, offset: number, limit: number): Promise<DlqMessage[]> {
    const queues = await this.storeQueuesOf(topic)
    if (queues.length === 1)
      return (await this.store.dlq(queues[0] ?? topic, offset, limit)).map(toMessage)
    const all: DlqEntry[] = []
    for (const q of queues) all.push(...(await this.store.dlq(q, 0, Number.MAX_SAFE_INTEGER)))
    all.sort((a, b) => a.failed_at - b.failed_at)
    return all.slice(offset, offset + limit).map(toMessage)
  }

  async redrive(name: string): Promise<number> {
    let count = 0
    for (const q of await this.storeQueuesOf(name)) {
      const ids = await this.store.redrive(q, Date.now())
      for (const id of ids) {
        this.queues.logger.info('job redriven from the DLQ', { queue: q, message_id: id })
        addActiveSpanEvent('job.redriven', { queue: q, message_id: id })
      }
      count += ids.length
      this.queues.wake(q)
    }
    return count
  }

  async redriveMessage(name: string, messageId: string): Promise<0 | 1> {
    let found: 0 | 1 = 0
    for (const q of await this.storeQueuesOf(name)) {
      if ((await this.store.redriveMessage(q, messageId, Date.now())) === 0) continue
      this.queues.logger.info('job redriven from the DLQ', { queue: q, message_id: messageId })
      addActiveSpanEvent('job.redriven', { queue: q, message_id: messageId })
      this.queues.wake(q)
      found = 1
    }
    return found
  }

  async discardMessage(name: string, messageId: string): Promise<0 | 1> {
    let found: 0 | 1 = 0
    for (const q of await this.storeQueuesOf(name)) {
      if ((await this.store.discardMessage(q, messageId)) === 0) continue
      this.queues.logger.info('DLQ message discarded', { queue: q, message_id: messageId })
      found = 1
    }
    return found
  }
}
