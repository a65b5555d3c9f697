import {
  type EngineSlots,
  type Logger,
  recordTraceEvents,
  type SpanEvents,
  type TraceEvent,
} from '@iii/core'
import { LeaseRenewer } from './consumer-leases'
import { type RunOutcome, settleFailure } from './consumer-outcome'
import { ReservedJobs } from './consumer-reserve'
import type { Job } from './job'
import type { ClaimOptions, QueueStore, SettleRequest, SettleResult } from './store'

export type { RunOutcome } from './consumer-outcome'

/** What a consumer needs from a queue's settings. */
export interface ConsumerSettings {
  concurrency: number
  backoff_ms: number
  poll_interval_ms: number
}

export const queueConsumerDefaults = {
  /** Acks wait at most this long for others to share their store call. */
  settleMaxDelayMs: 2,
} as const

export interface ConsumerDeps {
  store: QueueStore
  logger: Logger
  leaseMs: () => number
  /** Runs the job's function; resolves with the outcome, never rejects. */
  execute: (job: Job) => Promise<RunOutcome>
  /** Shared stores: jobs this engine can run (BUILTINS.md §9.4). */
  canRun?: (functionId: string, namespace: string) => boolean
  /** The engine's tracer while tracing is on: a failed job's fate is recorded in its trace. */
  tracer?: () => EngineSlots['tracer'] | undefined
}

const take = <T>(list: T[]): T[] => list.splice(0, list.length)

/**
 * Pulls due jobs of one store queue and runs up to `concurrency` at once. The store changes of a
 * turn of the event loop (acks of finished jobs, starts of reserved ones, releases, and the claim
 * that refills free slots and the reserve) go to the store in one `settle` call. Looks for work
 * on wake-ups (enqueue, another engine), when a job ends, when the next delayed job is due, and
 * every `poll_interval_ms` while idle.
 */
export class QueueConsumer {
  private running = 0
  private readonly runningJobs = new Map<string, Job>()
  private readonly reserved: ReservedJobs
  /** Every lease this consumer holds: running, reserved, or stalled and left to expire. */
  private readonly held = new Map<string, Job>()
  private readonly acks: Job[] = []
  private readonly starts: Job[] = []
  private readonly releases: Job[] = []
  private settling: Promise<void> | undefined
  private scheduled = false
  /** Look for work at the next settle. */
  private wanted = false
  private nextDueAt: number | undefined
  private idleTimer: ReturnType<typeof setTimeout> | undefined
  private deferTimer: ReturnType<typeof setTimeout> | undefined
  private closing = false
  private released = false
  private readonly renewer: LeaseRenewer

  constructor(
    readonly queue: string,
    public settings: ConsumerSettings,
    private readonly deps: ConsumerDeps,
  ) {
    this.reserved = new ReservedJobs((job) => this.releaseLater(job))
    this.renewer = new LeaseRenewer({
      queue,
      store: deps.store,
      logger: deps.logger,
      leaseMs: deps.leaseMs,
      leased: () => [...this.runningJobs.values(), ...this.reserved.jobs()],
      onLost: (job) => this.leaseLost(job),
    })
  }

  get activeCount(): number {
    return this.running
  }

  /** Something changed: look for work now. */
  wake(): void {
    if (this.closing) return
    this.wanted = true
    this.schedule()
  }

  /**
   * Stops claiming; reserved jobs go back to the queue. With `release` (graceful shutdown) every
   * held lease is released at once, so the jobs run again elsewhere with no stall counted;
   * otherwise running jobs finish normally.
   */
  async stop(options: { release: boolean }): Promise<void> {
    this.closing = true
    for (const timer of [this.idleTimer, this.deferTimer]) if (timer) clearTimeout(timer)
    this.deferTimer = undefined
    this.reserved.stop()
    for (const job of this.reserved.takeAll()) this.releaseLater(job)
    if (!options.release) return
    this.released = true
    this.renewer.stop()
    await this.settling
    // Finished jobs are acked; every other lease is released.
    const releases = [...take(this.releases), ...this.held.values()]
    this.held.clear()
    const request = {
      queue: this.queue,
      acks: take(this.acks),
      starts: take(this.starts),
      releases,
    }
    await this.deps.store.settle(request).catch(() => undefined)
  }

  /**
   * Settles at the end of this turn of the event loop when a slot or the reserve needs filling
   * (or jobs must be released); otherwise within `settleMaxDelayMs`, so that the acks of several
   * quick jobs share one store call.
   */
  private schedule(): void {
    if (this.settling || this.scheduled) return
    if (this.urgent()) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        this.startSettling()
      })
    } else if (this.pending() > 0 && !this.deferTimer) {
      this.deferTimer = setTimeout(
        () => this.startSettling(),
        queueConsumerDefaults.settleMaxDelayMs,
      )
      this.deferTimer.unref?.()
    }
  }

  private startSettling(): void {
    if (this.deferTimer) clearTimeout(this.deferTimer)
    this.deferTimer = undefined
    if (this.settling) return
    this.settling = this.settleLoop().finally(() => {
      this.settling = undefined
      if (this.released) return
      // Jobs may have ended between the loop's last look and now.
      if (this.pending() > 0 || this.claimOptions()) this.schedule()
      else this.scheduleIdle()
    })
  }

  private async settleLoop(): Promise<void> {
    try {
      // After a graceful stop the store is closing: `stop` itself settles what is left.
      while (!this.released) {
        const claim = this.claimOptions()
        if (!claim && this.pending() === 0) return
        this.wanted = false
        const acks = take(this.acks)
        // A job that started and already ended needs only its ack.
        const starts = take(this.starts).filter((job) => !acks.includes(job))
        const request: SettleRequest = {
          queue: this.queue,
          acks,
          starts,
          releases: take(this.releases),
        }
        if (claim) request.claim = claim
        this.afterSettle(request, await this.deps.store.settle(request))
        if (!this.urgent()) return
      }
    } catch (err) {
      this.deps.logger.error('queue settle failed', { queue: this.queue, err, unhandled: true })
    }
  }

  private pending(): number {
    return this.acks.length + this.starts.length + this.releases.length
  }

  /** A free slot, a reserve down to half, or jobs to release: settle without waiting. */
  private urgent(): boolean {
    if (this.releases.length > 0) return true
    if (this.closing) return this.pending() > 0
    return this.wanted && (this.running < this.settings.concurrency || this.reserved.low())
  }

  /** The claim that fills the free slots and the reserve, when work is wanted and there is room. */
  private claimOptions(): ClaimOptions | undefined {
    if (this.closing || this.released || !this.wanted) return undefined
    const max = Math.max(0, this.settings.concurrency - this.running)
    const reserve = Math.max(0, this.reserved.target() - this.reserved.size)
    if (max + reserve === 0) return undefined
    return { max, reserve, now: Date.now(), leaseMs: this.deps.leaseMs(), canRun: this.deps.canRun }
  }

  private afterSettle(request: SettleRequest, result: SettleResult): void {
    for (const [i, job] of request.acks.entries()) {
      if (result.acked[i]) continue
      this.deps.logger.warn('job finished after its lease was lost; it may run again', {
        queue: this.queue,
        message_id: job.message_id,
      })
    }
    for (const [i, job] of request.starts.entries()) if (!result.started[i]) this.leaseLost(job)
    const claim = request.claim
    if (!claim) return
    const now = Date.now()
    for (const [i, job] of result.claimed.entries()) {
      this.held.set(job.message_id, job)
      if (this.closing) this.releaseLater(job)
      else if (i < claim.max) this.begin(job)
      else this.reserved.add(job, now)
    }
    if (this.reserved.size > 0) this.renewer.ensure()
    if (result.claimed.length === claim.max + (claim.reserve ?? 0)) this.wanted = true
    else this.nextDueAt = result.nextDueAt
    this.startReserved()
  }

  /** Runs a claimed job in a free slot. */
  private begin(job: Job): void {
    this.running++
    this.runningJobs.set(job.message_id, job)
    this.renewer.ensure()
    void this.run(job)
  }

  /** Starts reserved jobs in free slots; the store learns it with the next settle. */
  private startReserved(): void {
    while (this.running < this.settings.concurrency && !this.closing) {
      const job = this.reserved.take()
      if (!job) return
      this.starts.push(job)
      this.begin(job)
      this.schedule()
    }
  }

  private async run(job: Job): Promise<void> {
    const startedAt = performance.now()
    const failed = await this.deliver(job, startedAt)
    this.running--
    // A failed job may be due again at once and must be claimed before later jobs (§9.2): the
    // reserved ones go back to the queue, and the next settle claims in order.
    if (failed) for (const reserved of this.reserved.takeAll()) this.releaseLater(reserved)
    this.wanted = true
    this.startReserved()
    this.schedule()
  }

  /** Runs one job; true when it failed. A failure's fate is recorded as span events in the job's trace. */
  private async deliver(job: Job, startedAt: number): Promise<boolean> {
    const outcome = await this.deps.execute(job)
    this.runningJobs.delete(job.message_id)
    this.reserved.noteRunTime(performance.now() - startedAt)
    if (this.released) return false
    if (outcome.ok) {
      this.held.delete(job.message_id)
      this.acks.push(job)
      return false
    }
    const events: TraceEvent[] = []
    await this.failed(job, outcome, {
      addEvent: (name, attributes) => {
        events.push({ name, attributes })
      },
    })
    const carrier = { traceparent: job.traceparent, baggage: job.baggage }
    const attributes = {
      'iii.queue': this.queue,
      'iii.message_id': job.message_id,
      'iii.attempt': job.attempts_made + 1,
    }
    const name = `queue job ${this.queue}`
    recordTraceEvents(this.deps.tracer?.(), { name, carrier, attributes }, events)
    return true
  }

  private async failed(job: Job, outcome: RunOutcome, span: SpanEvents): Promise<void> {
    const c = {
      queue: this.queue,
      store: this.deps.store,
      logger: this.deps.logger,
      backoffMs: this.settings.backoff_ms,
      span,
    }
    try {
      if ((await settleFailure(job, outcome, c)) === 'stalled') {
        setTimeout(() => this.held.delete(job.message_id), this.deps.leaseMs()).unref?.()
        return
      }
    } catch (err) {
      this.deps.logger.error('queue settle failed', {
        queue: this.queue,
        message_id: job.message_id,
        err,
        unhandled: true,
      })
    }
    this.held.delete(job.message_id)
  }

  private releaseLater(job: Job): void {
    this.held.delete(job.message_id)
    this.releases.push(job)
    this.schedule()
  }

  /** The store no longer holds this job for us: a reserved one is dropped, a running one may run twice. */
  private leaseLost(job: Job): void {
    if (this.reserved.remove(job)) {
      this.held.delete(job.message_id)
      return
    }
    this.deps.logger.warn('job lease lost while its function ran', {
      queue: this.queue,
      message_id: job.message_id,
    })
  }

  private scheduleIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = undefined
    if (this.closing || this.running >= this.settings.concurrency) return
    const now = Date.now()
    const poll = this.settings.poll_interval_ms
    const due = this.nextDueAt
    const wait = due === undefined || due <= now ? poll : Math.max(1, Math.min(due - now, poll))
    this.idleTimer = setTimeout(() => this.wake(), wait)
    this.idleTimer.unref?.()
  }
}
