import { randomUUID } from 'node:crypto'
import { type BindingInfo, parseInput, type TriggerProvider } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { ConsumerSettings, RunOutcome } from './consumer'
import { SubscriberConfig } from './inputs'
import type { Job, Subscription } from './job'
import { holdingQueueOf, subscriptionQueueOf } from './names'
import { errorOf, type Queues } from './queues'

/** Subscriber defaults (BUILTINS.md §9.3): 3 attempts in total, concurrency 10, backoff 1 s. */
export const subscriberDefaults = {
  maxRetries: 2,
  concurrency: 10,
  backoffDelayMs: 1000,
  pollIntervalMs: 100,
} as const

interface LocalSubscription {
  sub: Subscription
  settings: ConsumerSettings
  /** This engine's bindings of the subscription (replicas of one function). */
  bindings: Map<string, BindingInfo>
}

/**
 * Durable topics: `iii::durable::publish` and the `durable:subscriber` trigger type. Each
 * distinct `(function_id, namespace)` is one subscription with its own store queue; bindings of
 * one function share it, so a message reaches one replica. Bindings stay alive in the store while
 * this engine refreshes them, so other engines sharing a Redis see them.
 */
export class DurableTopics implements TriggerProvider {
  private readonly local = new Map<string, LocalSubscription>()
  private refresher: ReturnType<typeof setInterval> | undefined
  private stopped = false

  constructor(private readonly queues: Queues) {}

  /** Bindings are refreshed every `lease_ms` and expire after three missed refreshes. */
  private get bindingTtlMs(): number {
    return this.queues.config.lease_ms * 3
  }

  start(): void {
    this.refresher = setInterval(() => void this.refresh(), this.queues.config.lease_ms)
    this.refresher.unref?.()
  }

  /** Stops consuming. Bindings are not removed from the store: they expire, so a restart loses nothing. */
  stop(): void {
    this.stopped = true
    if (this.refresher) clearInterval(this.refresher)
  }

  async register(binding: BindingInfo): Promise<void> {
    if (this.stopped) return
    const config = parseSubscriberConfig(binding.config)
    const q = config.queue_config ?? {}
    const topic = config.topic
    const sub: Subscription = {
      topic,
      function_id: binding.function_id,
      namespace: binding.namespace,
      queue: subscriptionQueueOf(topic, binding.namespace, binding.function_id),
      max_attempts: (q.maxRetries ?? subscriberDefaults.maxRetries) + 1,
      fifo: q.type === 'fifo',
    }
    const settings = {
      concurrency: q.concurrency ?? subscriberDefaults.concurrency,
      backoff_ms: q.backoffDelayMs ?? subscriberDefaults.backoffDelayMs,
      poll_interval_ms: subscriberDefaults.pollIntervalMs,
    }
    const entry = this.local.get(sub.queue) ?? { sub, settings, bindings: new Map() }
    entry.bindings.set(binding.id, binding)
    this.local.set(sub.queue, entry)
    const now = Date.now()
    const lease = {
      bindingId: binding.id,
      untilMs: now + this.bindingTtlMs,
      holdingQueue: holdingQueueOf(topic),
    }
    const moved = await this.queues.store.subscribe(entry.sub, lease, now)
    if (moved > 0)
      this.queues.logger.info('held topic messages delivered to subscribers', { topic, moved })
    if (!this.queues.consumers.has(sub.queue))
      this.queues.addConsumer(sub.queue, entry.settings, (job) => this.deliver(job))
  }

  async unregister(binding: BindingInfo): Promise<void> {
    if (this.stopped) return
    for (const [queue, entry] of this.local) {
      if (!entry.bindings.delete(binding.id)) continue
      await this.queues.store.unsubscribe(entry.sub, binding.id, Date.now())
      if (entry.bindings.size > 0) return
      this.local.delete(queue)
      await this.queues.removeConsumer(queue)
      return
    }
  }

  /** Fan-out to every live subscription, or hold the message when there is none (§9.3). */
  async publish(
    topic: string,
    data: unknown,
    trace: { traceparent?: string; baggage?: string },
  ): Promise<void> {
    const message = {
      message_id: randomUUID(),
      data: data ?? null,
      created_at: Date.now(),
      ...trace,
    }
    const target = { topic, holdingQueue: holdingQueueOf(topic) }
    const count = await this.queues.store.publish(target, message, Date.now())
    if (count === 0)
      this.queues.logger.debug('topic has no subscriber; message held', {
        topic,
        message_id: message.message_id,
      })
    for (const entry of this.local.values())
      if (entry.sub.topic === topic) this.queues.wake(entry.sub.queue)
  }

  /** The subscription configs this engine knows for a topic (topic_stats `config`). */
  localConfigs(
    topic: string,
  ): { function_id: string; namespace: string; max_attempts: number; fifo: boolean }[] {
    return [...this.local.values()]
      .filter((e) => e.sub.topic === topic)
      .map((e) => ({
        function_id: e.sub.function_id,
        namespace: e.sub.namespace,
        max_attempts: e.sub.max_attempts,
        fifo: e.sub.fifo,
      }))
  }

  /** A subscription job runs through one local binding: its condition, then the function with its metadata. */
  private async deliver(job: Job): Promise<RunOutcome> {
    const binding = this.local.get(job.queue)?.bindings.values().next().value
    if (!binding)
      return {
        ok: false,
        code: 'function_not_found',
        message: `no binding of ${job.function_id} on this engine`,
      }
    try {
      const result = await this.queues.ctx.fire(binding, job.data, {
        traceparent: job.traceparent,
        baggage: job.baggage,
      })
      if (result.skipped)
        this.queues.logger.debug('durable message skipped by its condition', {
          queue: job.queue,
          message_id: job.message_id,
        })
      return { ok: true }
    } catch (err) {
      return errorOf(err)
    }
  }

  private async refresh(): Promise<void> {
    const now = Date.now()
    try {
      for (const entry of this.local.values()) {
        for (const id of entry.bindings.keys()) {
          const lease = {
            bindingId: id,
            untilMs: now + this.bindingTtlMs,
            holdingQueue: holdingQueueOf(entry.sub.topic),
          }
          await this.queues.store.subscribe(entry.sub, lease, now)
        }
      }
    } catch (err) {
      this.queues.logger.warn('durable subscription refresh failed', { err })
    }
  }
}

function parseSubscriberConfig(config: unknown) {
  try {
    return parseInput(SubscriberConfig, config, 'trigger_registration_failed')
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw new IIIError('trigger_registration_failed', `durable:subscriber config: ${message}`)
  }
}
