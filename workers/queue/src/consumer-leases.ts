import type { Logger } from '@iii/core'
import type { Job } from './job'
import type { QueueStore } from './store'

export interface LeaseRenewerDeps {
  queue: string
  store: QueueStore
  logger: Logger
  leaseMs: () => number
  /** Jobs whose leases must stay alive now: running and reserved ones. */
  leased: () => Job[]
  /** A job whose lease this engine no longer holds (renewal refused). */
  onLost: (job: Job) => void
}

/**
 * One timer per consumer renews every lease it holds, in one store call, every `lease_ms / 3`
 * while it holds any (BUILTINS.md §9.4): a lease always outlasts the invocation it covers.
 */
export class LeaseRenewer {
  private timer: ReturnType<typeof setInterval> | undefined
  private renewing = false
  /** Jobs whose renewal was refused: not renewed again. */
  private readonly lost = new WeakSet<Job>()

  constructor(private readonly deps: LeaseRenewerDeps) {}

  /** Starts the timer unless it runs; it stops by itself once nothing is leased. */
  ensure(): void {
    if (this.timer) return
    this.timer = setInterval(
      () => void this.tick(),
      Math.max(10, Math.floor(this.deps.leaseMs() / 3)),
    )
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private async tick(): Promise<void> {
    if (this.renewing) return
    const jobs = this.deps.leased().filter((job) => !this.lost.has(job))
    if (jobs.length === 0) {
      this.stop()
      return
    }
    this.renewing = true
    try {
      const held = await this.deps.store.renew(jobs, Date.now() + this.deps.leaseMs())
      for (const [i, job] of jobs.entries()) {
        if (held[i]) continue
        this.lost.add(job)
        this.deps.onLost(job)
      }
    } catch (err) {
      this.deps.logger.warn('job lease renewal failed', {
        queue: this.deps.queue,
        jobs: jobs.length,
        err,
      })
    } finally {
      this.renewing = false
    }
  }
}
