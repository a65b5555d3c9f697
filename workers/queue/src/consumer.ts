import type { Logger } from '@iii/core'
import { backoffDelay, type QueueSettings } from './config'
import type { Job } from './job'
import type { QueueStore } from './store'

export interface RunOutcome {
  ok: boolean
  code?: string
  message?: string
}

export interface ConsumerDeps {
  store: QueueStore
  logger: Logger
  leaseMs: () => number
  /** Runs the job's function; resolves with the outcome, never rejects. */
  execute: (job: Job) => Promise<RunOutcome>
  accept?: (job: Job) => boolean
}

/**
 * Pulls due jobs of one queue and runs up to `concurrency` at once. Wakes on enqueue, when the
 * next delayed job is due, and every `poll_interval_ms` while idle.
 */
export class QueueConsumer {
  private running = 0
  private readonly inflight = new Set<Job>()
  private pumping = false
  private again = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private stopped = false

  constructor(
    readonly queue: string,
    public settings: QueueSettings,
    private readonly deps: ConsumerDeps,
  ) {}

  start(): void {
    this.wake()
  }

  /** Something changed: look for work now. */
  wake(): void {
    if (this.stopped) return
    if (this.pumping) {
      this.again = true
      return
    }
    void this.pump()
  }

  get activeCount(): number {
    return this.running
  }

  /** Stops claiming; releases the leases of running jobs so they run again elsewhere at once. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    for (const job of this.inflight) await this.deps.store.release(job).catch(() => {})
    this.inflight.clear()
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      do {
        this.again = false
        const free = this.settings.concurrency - this.running
        if (free <= 0 || this.stopped) break
        const now = Date.now()
        const jobs = await this.deps.store.claim(this.queue, {
          max: free,
          now,
          leaseMs: this.deps.leaseMs(),
          fifo: this.settings.type === 'fifo',
          accept: this.deps.accept,
        })
        for (const job of jobs) void this.run(job)
        if (jobs.length === free) this.again = true
      } while (this.again && !this.stopped)
    } catch (err) {
      this.deps.logger.error('queue claim failed', { queue: this.queue, err, unhandled: true })
    } finally {
      this.pumping = false
    }
    await this.scheduleNext()
  }

  private async scheduleNext(): Promise<void> {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    const due = await this.deps.store.nextDueAt(this.queue).catch(() => undefined)
    const wait =
      due === undefined ? this.settings.poll_interval_ms : Math.max(1, Math.min(due - Date.now(), this.settings.poll_interval_ms))
    this.timer = setTimeout(() => this.wake(), wait)
    this.timer.unref?.()
  }

  private async run(job: Job): Promise<void> {
    this.running++
    this.inflight.add(job)
    const leaseMs = this.deps.leaseMs()
    const renew = setInterval(
      () => {
        void this.deps.store.renew(job, Date.now() + leaseMs)
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    )
    renew.unref?.()
    const outcome = await this.deps.execute(job)
    clearInterval(renew)
    this.inflight.delete(job)
    try {
      if (!this.stopped) await this.settle(job, outcome)
    } catch (err) {
      this.deps.logger.error('queue settle failed', { queue: this.queue, message_id: job.message_id, err, unhandled: true })
    }
    this.running--
    this.wake()
  }

  private async settle(job: Job, outcome: RunOutcome): Promise<void> {
    const log = this.deps.logger
    if (outcome.ok) return this.deps.store.ack(job)
    if (outcome.code === 'invocation_stopped') {
      // The worker died mid-job: a stall, not a failed attempt. The lease is left to expire.
      log.warn('job stalled: worker went away; redelivered when its lease expires', { queue: this.queue, message_id: job.message_id })
      return
    }
    const attempts = job.attempts_made + 1
    const failed = { ...job, attempts_made: attempts }
    if (attempts >= job.max_attempts) {
      log.warn('job moved to DLQ', { queue: this.queue, message_id: job.message_id, attempts, error: outcome.message })
      return this.deps.store.deadLetter(failed, outcome.message ?? 'failed', Date.now())
    }
    const delay = backoffDelay(this.settings.backoff_ms, attempts)
    log.info('job failed; retrying', {
      queue: this.queue,
      message_id: job.message_id,
      attempt: attempts,
      retry_in_ms: delay,
      error: outcome.message,
    })
    return this.deps.store.retry(failed, Date.now() + delay)
  }
}
