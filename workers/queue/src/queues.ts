import { randomUUID } from 'node:crypto'
import type { Logger, WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { checkQueueSettings, defaultQueueSettings, type QueueConfig, type QueueSettings } from './config'
import { QueueConsumer, type RunOutcome } from './consumer'
import type { EnqueueInput } from './functions'
import type { Job } from './job'
import type { QueueStore } from './store'

/** Named queues over one store: enqueue, consumers, reaping and stats. */
export class Queues {
  readonly consumers = new Map<string, QueueConsumer>()
  private reaper: ReturnType<typeof setInterval> | undefined

  constructor(
    readonly store: QueueStore,
    private config: QueueConfig,
    private readonly ctx: WorkerContext,
  ) {}

  get logger(): Logger {
    return this.ctx.logger
  }

  settingsOf(queue: string): QueueSettings | undefined {
    if (Object.hasOwn(this.config.queue_configs, queue)) return this.config.queue_configs[queue]
    return queue === 'default' ? defaultQueueSettings() : undefined
  }

  start(): void {
    const names = new Set(['default', ...Object.keys(this.config.queue_configs)])
    for (const name of names) {
      const settings = this.settingsOf(name) as QueueSettings
      const problem = checkQueueSettings(name, settings)
      if (problem) throw new IIIError('INVALID_ARGUMENTS', problem)
      const consumer = new QueueConsumer(name, settings, {
        store: this.store,
        logger: this.ctx.logger,
        leaseMs: () => this.config.lease_ms,
        execute: (job) => this.execute(job),
      })
      this.consumers.set(name, consumer)
      consumer.start()
    }
    const every = Math.max(50, Math.floor(this.config.lease_ms / 3))
    this.reaper = setInterval(() => void this.reap(), every)
    this.reaper.unref?.()
  }

  async stop(): Promise<void> {
    if (this.reaper) clearInterval(this.reaper)
    for (const consumer of this.consumers.values()) await consumer.stop()
    await this.store.close()
  }

  wakeAll(): void {
    for (const consumer of this.consumers.values()) consumer.wake()
  }

  async enqueue(input: EnqueueInput): Promise<{ messageReceiptId: string }> {
    if (!input.queue) throw new IIIError('queue_not_set', 'Queue name is required')
    const settings = this.settingsOf(input.queue)
    if (!settings) throw new IIIError('queue_not_found', `Queue '${input.queue}' not found`)
    const data = input.data ?? null
    let group: string | undefined
    if (settings.type === 'fifo') {
      const field = settings.message_group_field as string
      const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined
      if (value === undefined || value === null) {
        throw new IIIError('message_group_missing', `fifo queue '${input.queue}' needs field '${field}' in the payload`)
      }
      group = String(value)
    }
    const now = Date.now()
    const job: Job = {
      message_id: input.messageReceiptId ?? randomUUID(),
      queue: input.queue,
      function_id: input.function_id,
      namespace: input.namespace ?? 'default',
      data,
      attempts_made: 0,
      max_attempts: Math.max(1, settings.max_retries),
      stalls: 0,
      created_at: now,
      process_at: now + (input.delay_ms ?? 0),
    }
    if (group !== undefined) job.group_id = group
    if (input.traceparent) job.traceparent = input.traceparent
    if (input.baggage) job.baggage = input.baggage
    const key = input.idempotency_key
    const { messageId } = await this.store.enqueue(job, key ? { key, ttlMs: this.config.idempotency_ttl_ms } : undefined)
    this.consumers.get(input.queue)?.wake()
    return { messageReceiptId: messageId }
  }

  async listTopics() {
    return [...this.consumers.values()].map((c) => ({
      name: c.queue,
      broker_type: 'function_queue',
      subscriber_count: c.settings.concurrency,
    }))
  }

  async topicStats(topic: string) {
    const settings = this.settingsOf(topic)
    if (!settings) throw new IIIError('queue_not_found', `Queue '${topic}' not found`)
    const stats = await this.store.stats(topic)
    return { depth: stats.depth, consumer_count: this.consumers.get(topic)?.activeCount ?? 0, dlq_depth: stats.dlq_depth, config: settings }
  }

  async dlqTopics() {
    const rows = []
    for (const name of await this.store.queueNames()) {
      const stats = await this.store.stats(name)
      if (stats.dlq_depth > 0) rows.push({ topic: name, broker_type: this.store.name, message_count: stats.dlq_depth })
    }
    return rows
  }

  private async execute(job: Job): Promise<RunOutcome> {
    try {
      await this.ctx.invoke({
        functionId: job.function_id,
        namespace: job.namespace,
        data: job.data,
        traceparent: job.traceparent,
        baggage: job.baggage,
      })
      return { ok: true }
    } catch (err) {
      const e = err as IIIError
      return { ok: false, code: e.code, message: e.message }
    }
  }

  private async reap(): Promise<void> {
    try {
      const { requeued, deadLettered } = await this.store.reapExpired(Date.now(), this.config.max_stalls)
      for (const job of requeued)
        this.ctx.logger.warn('lease expired; job redelivered', { queue: job.queue, message_id: job.message_id, stalls: job.stalls })
      for (const job of deadLettered)
        this.ctx.logger.warn('job stalled too often; moved to DLQ', { queue: job.queue, message_id: job.message_id, stalls: job.stalls })
      if (requeued.length) this.wakeAll()
    } catch (err) {
      this.ctx.logger.error('queue reaper failed', { err, unhandled: true })
    }
  }
}
