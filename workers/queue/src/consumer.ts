import { type EngineCore, type Logger, type SpanEvents, withServerSpan } from '@iii/core'
import { backoffDelay } from './config'
import type { Job } from './job'
import type { QueueStore } from './store'

/** How one delivery ended. */
export interface RunOutcome {
  ok: boolean
  code?: string
  message?: string
}

/** What a consumer needs from a queue's settings. */
export interface ConsumerSettings {
  concurrency: number
  backoff_ms: number
  poll_interval_ms: number
}

export interface ConsumerDeps {
  store: QueueStore
  logger: Logger
  leaseMs: () => number
  /** Runs the job's function; resolves with the outcome, never rejects. */
  execute: (job: Job) => Promise<RunOutcome>
  /** Shared stores: jobs this engine can run (BUILTINS.md §9.4). */
  canRun?: (functionId: string, namespace: string) => boolean
  /** The engine's tracer while tracing is on: each job runs in a span that records its fate. */
  tracer?: () => EngineCore['tracer']
}

/**
 * Pulls due jobs of one store queue and runs up to `concurrency` at once. Wakes on enqueue, when a
 * job finishes, when the next delayed job is due, and every `poll_interval_ms` while idle.
 */
export class QueueConsumer {
  private running = 0
  /** Jobs whose lease this engine holds: running, or stalled and waiting for the lease to expire. */
  private readonly held = new Map<string, Job>()
  private pumping = false
  private again = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private closing = false
  private released = false
  private readonly renewals = new Set<() => void>()

  constructor(
    readonly queue: string,
    public settings: ConsumerSettings,
    private readonly deps: ConsumerDeps,
  ) {}

  get activeCount(): number {
    return this.running
  }

  /** Something changed: look for work now. */
  wake(): void {
    if (this.closing) return
    if (this.pumping) {
      this.again = true
      return
    }
    void this.pump()
  }

  /**
   * Stops claiming. With `release` (graceful shutdown) every held lease is released at once, so
   * the jobs run again elsewhere with no stall counted; otherwise running jobs finish normally.
   */
  async stop(options: { release: boolean }): Promise<void> {
    this.closing = true
    if (this.timer) clearTimeout(this.timer)
    if (!options.release) return
    this.released = true
    for (const stopRenewing of this.renewals) stopRenewing()
    const now = Date.now()
    for (const job of this.held.values()) await this.deps.store.release(job, now).catch(() => false)
    this.held.clear()
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      do {
        this.again = false
        const free = this.settings.concurrency - this.running
        if (free <= 0 || this.closing) break
        const jobs = await this.deps.store.claim(this.queue, {
          max: free,
          now: Date.now(),
          leaseMs: this.deps.leaseMs(),
          canRun: this.deps.canRun,
        })
        for (const job of jobs) void this.run(job)
        if (jobs.length === free) this.again = true
      } while (this.again && !this.closing)
    } catch (err) {
      this.deps.logger.error('queue claim failed', { queue: this.queue, err, unhandled: true })
    } finally {
      this.pumping = false
    }
    await this.scheduleNext()
  }

  private async scheduleNext(): Promise<void> {
    if (this.closing || this.running >= this.settings.concurrency) return
    const now = Date.now()
    const due = await this.deps.store.nextDueAt(this.queue, now).catch(() => undefined)
    const poll = this.settings.poll_interval_ms
    const wait = due === undefined ? poll : Math.max(1, Math.min(due - now, poll))
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.wake(), wait)
    this.timer.unref?.()
  }

  private async run(job: Job): Promise<void> {
    this.running++
    this.held.set(job.message_id, job)
    const stopRenewing = this.renewWhileRunning(job)
    const carrier = { traceparent: job.traceparent, baggage: job.baggage }
    const attributes = { 'iii.queue': this.queue, 'iii.message_id': job.message_id, 'iii.attempt': job.attempts_made + 1 }
    await withServerSpan(this.deps.tracer?.(), `queue job ${this.queue}`, carrier, attributes, async (span) => {
      const outcome = await this.deps.execute(job)
      stopRenewing()
      try {
        if (!this.released) await this.settle(job, outcome, span)
      } catch (err) {
        this.deps.logger.error('queue settle failed', { queue: this.queue, message_id: job.message_id, err, unhandled: true })
      }
    })
    this.running--
    this.wake()
  }

  /** Renews every `lease_ms / 3` until the invocation ends, so the lease always outlasts it (§9.4). */
  private renewWhileRunning(job: Job): () => void {
    const leaseMs = this.deps.leaseMs()
    const timer = setInterval(
      () => {
        this.deps.store.renew(job, Date.now() + leaseMs).then(
          (held) => {
            if (held || this.released) return
            clearInterval(timer)
            this.deps.logger.warn('job lease lost while its function ran', { queue: this.queue, message_id: job.message_id })
          },
          (err) => this.deps.logger.warn('job lease renewal failed', { queue: this.queue, message_id: job.message_id, err }),
        )
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    )
    timer.unref?.()
    const stop = () => {
      clearInterval(timer)
      this.renewals.delete(stop)
    }
    this.renewals.add(stop)
    return stop
  }

  private async settle(job: Job, outcome: RunOutcome, span: SpanEvents): Promise<void> {
    const log = this.deps.logger
    const ids = { queue: this.queue, message_id: job.message_id }
    if (outcome.code === 'invocation_stopped') {
      span.addEvent('job.stalled', ids)
      // The worker died mid-job: a stall, not a failed attempt. The lease is left to expire and
      // the reaper redelivers the job; until then a graceful stop may still release it.
      log.warn('job stalled: its worker went away; redelivered when the lease expires', ids)
      setTimeout(() => this.held.delete(job.message_id), this.deps.leaseMs()).unref?.()
      return
    }
    this.held.delete(job.message_id)
    if (outcome.ok) {
      if (!(await this.deps.store.ack(job))) log.warn('job finished after its lease was lost; it may run again', ids)
      return
    }
    span.addEvent('job.failed', { ...ids, code: outcome.code ?? 'unknown' })
    if (this.deps.store.shared && outcome.code === 'function_not_found') {
      // Shared store: the function left this engine after the claim; another engine runs it.
      await this.deps.store.release(job, Date.now())
      log.debug('job released: its function is not registered here', ids)
      return
    }
    await this.fail(job, outcome, span)
  }

  private async fail(job: Job, outcome: RunOutcome, span: SpanEvents): Promise<void> {
    const log = this.deps.logger
    const attempts = job.attempts_made + 1
    const failed = { ...job, attempts_made: attempts }
    const error = outcome.message ?? outcome.code ?? 'failed'
    const now = Date.now()
    if (attempts >= job.max_attempts) {
      log.warn('job moved to the DLQ', { queue: this.queue, message_id: job.message_id, attempts, error })
      span.addEvent('job.dead_lettered', { queue: this.queue, message_id: job.message_id, attempts, error })
      await this.deps.store.deadLetter(failed, error, now)
      return
    }
    const delay = backoffDelay(this.settings.backoff_ms, attempts)
    log.info('job failed; retrying', { queue: this.queue, message_id: job.message_id, attempt: attempts, retry_in_ms: delay, error })
    span.addEvent('job.retry_scheduled', { queue: this.queue, message_id: job.message_id, attempt: attempts, retry_in_ms: delay })
    await this.deps.store.retry(failed, now + delay, now)
  }
}
