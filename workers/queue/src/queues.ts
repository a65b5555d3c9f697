import { randomUUID } from 'node:crypto'
import { type Logger, startDetachedTrace, type WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import {
  type QueueConfig,
  type QueueSettings,
  queueSettingsDefaults,
  resolveQueueSettings,
} from './config'
import { type ConsumerSettings, QueueConsumer, type RunOutcome } from './consumer'
import type { EnqueueInput } from './inputs'
import type { Job } from './job'
import type { IdempotencyOptions, QueueStore } from './store'

export const queuesDefaults = {
  /**
   * How long the key derived from a receipt id is kept: a resend of the same receipt comes
   * within seconds; a caller's own `idempotency_key` is kept `idempotency_ttl_ms`.
   */
  receiptKeyTtlMs: 10 * 60_000,
} as const

/** A delivery's failure as an outcome (an `IIIError` keeps its code). */
export const errorOf = (err: unknown): RunOutcome =>
  err instanceof IIIError
    ? { ok: false, code: err.code, message: err.message }
    : { ok: false, message: String(err) }

/** Named queues over one store: enqueue, consumers, lease reaping. */
export class Queues {
  readonly consumers = new Map<string, QueueConsumer>()
  private reaper: ReturnType<typeof setInterval> | undefined

  constructor(
    readonly store: QueueStore,
    readonly config: QueueConfig,
    readonly ctx: WorkerContext,
  ) {}

  get logger(): Logger {
    return this.ctx.logger
  }

  /** Settings of a named queue; `default` always exists. */
  settingsOf(queue: string): QueueSettings | undefined {
    const configured = Object.hasOwn(this.config.queue_configs, queue)
      ? this.config.queue_configs[queue]
      : undefined
    if (configured) return resolveQueueSettings(configured)
    return queue === 'default' ? { ...queueSettingsDefaults } : undefined
  }

  namedQueues(): string[] {
    return [...new Set(['default', ...Object.keys(this.config.queue_configs)])]
  }

  start(): void {
    for (const name of this.namedQueues()) {
      this.addConsumer(name, this.settingsOf(name) ?? queueSettingsDefaults, (job) =>
        this.invokeJob(job),
      )
    }
    this.store.onWake((queue) => this.consumers.get(queue)?.wake())
    const every = Math.max(50, Math.floor(this.config.lease_ms / 3))
    this.reaper = setInterval(() => void this.reap(), every)
    this.reaper.unref?.()
  }

  /** Starts consuming a store queue (named queue or durable subscription). */
  addConsumer(
    queue: string,
    settings: ConsumerSettings,
    execute: (job: Job) => Promise<RunOutcome>,
  ): QueueConsumer {
    const consumer = new QueueConsumer(queue, settings, {
      store: this.store,
      logger: this.ctx.logger,
      leaseMs: () => this.config.lease_ms,
      execute,
      canRun: this.store.shared
        ? (fn, ns) => this.ctx.lookupFunction(fn, ns) !== undefined
        : undefined,
      tracer: () => this.ctx.provided('tracer'),
    })
    this.consumers.set(queue, consumer)
    consumer.wake()
    return consumer
  }

  /** Stops consuming a queue; its running jobs finish normally. */
  async removeConsumer(queue: string): Promise<void> {
    const consumer = this.consumers.get(queue)
    this.consumers.delete(queue)
    await consumer?.stop({ release: false })
  }

  /** Graceful shutdown: stop claiming, release every held lease, close the store. */
  async stop(): Promise<void> {
    if (this.reaper) clearInterval(this.reaper)
    for (const consumer of this.consumers.values()) await consumer.stop({ release: true })
    this.consumers.clear()
    await this.store.close()
  }

  wake(queue: string): void {
    this.consumers.get(queue)?.wake()
  }

  async enqueue(input: EnqueueInput): Promise<{ messageReceiptId: string }> {
    if (!input.queue) throw new IIIError('queue_not_set', 'Queue name is required')
    const settings = this.settingsOf(input.queue)
    if (!settings) throw new IIIError('queue_not_found', `Queue '${input.queue}' not found`)
    const data = input.data ?? null
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
    if (settings.type === 'fifo') job.group_id = groupOf(input.queue, settings, data)
    if (input.traceparent) job.traceparent = input.traceparent
    // An untraced caller still gets one trace for the job: its deliveries and failure join it.
    else {
      const traceparent = startDetachedTrace(
        this.ctx.provided('tracer'),
        `enqueue ${input.queue}`,
        {
          'iii.queue': input.queue,
          'iii.message_id': job.message_id,
        },
      )
      if (traceparent) job.traceparent = traceparent
    }
    if (input.baggage) job.baggage = input.baggage
    const { messageId } = await this.store.enqueue(job, this.idempotencyOf(input))
    // A shared store announces ready work to every engine (this one included) itself.
    if (!this.store.shared || job.process_at > now) this.wake(input.queue)
    return { messageReceiptId: messageId }
  }

  /**
   * The caller's idempotency key; on a shared store (Redis), where an enqueue can fail with its
   * outcome unknown, one derived from the receipt id when the caller gave none, so the same
   * receipt sent again (a client resend after a lost answer) is never stored twice.
   */
  private idempotencyOf(input: EnqueueInput): IdempotencyOptions | undefined {
    const ttlMs = this.config.idempotency_ttl_ms
    if (ttlMs <= 0) return undefined
    if (input.idempotency_key) return { key: input.idempotency_key, ttlMs }
    if (!this.store.shared || !input.messageReceiptId) return undefined
    return {
      key: `receipt:${input.messageReceiptId}`,
      ttlMs: Math.min(ttlMs, queuesDefaults.receiptKeyTtlMs),
    }
  }

  /** Delivery of a named-queue job: its function in its namespace, with its trace context. */
  async invokeJob(job: Job): Promise<RunOutcome> {
    try {
      await this.ctx.invoke({
        functionId: job.function_id,
        namespace: job.namespace,
        data: job.data,
        // The enqueuing call's context: the delivery's span is its child.
        traceparent: job.traceparent,
        baggage: job.baggage,
      })
      return { ok: true }
    } catch (err) {
      return errorOf(err)
    }
  }

  private async reap(): Promise<void> {
    try {
      const { requeued, deadLettered, returned } = await this.store.reapExpired(
        Date.now(),
        this.config.max_stalls,
      )
      for (const s of requeued) this.logger.warn('job lease expired; redelivered', { ...s })
      for (const s of deadLettered)
        this.logger.warn('job stalled too often; moved to the DLQ', { ...s, error: 'job stalled' })
      for (const s of returned)
        this.logger.debug('reserved job lease expired before it started; waiting again', { ...s })
      for (const s of [...requeued, ...returned]) this.wake(s.queue)
    } catch (err) {
      this.logger.error('queue reaper failed', { err, unhandled: true })
    }
  }
}

/** The FIFO group of a payload: `data[message_group_field]`, required (BUILTINS.md §9.1). */
function groupOf(queue: string, settings: QueueSettings, data: unknown): string {
  const field = settings.message_group_field ?? ''
  const value =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? Object.entries(data).find(([k]) => k === field)?.[1]
      : undefined
  if (value === undefined || value === null) {
    throw new IIIError(
      'message_group_missing',
      `fifo queue '${queue}' needs field '${field}' in the payload`,
    )
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}
