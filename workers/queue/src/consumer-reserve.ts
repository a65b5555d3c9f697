import type { Job } from './job'

/** Claiming ahead (see `ReservedJobs`). */
export const reservedJobsDefaults = {
  /** At most this many jobs claimed ahead. */
  maxJobs: 8,
  /** As many as take about this long to run (moving average of run times), so none waits long. */
  budgetMs: 2,
  /** A reserved job not started within this time goes back to the queue. */
  maxWaitMs: 100,
} as const

interface Entry {
  job: Job
  at: number
}

/**
 * Jobs a consumer claimed ahead of a free slot: leased to it (so they are renewed, and released
 * on shutdown) but not running. A job that ends starts the next one at once instead of waiting
 * for a store round trip. Only as many as run in about `budgetMs`, so a reserved job waits
 * little (and other engines sharing the store lose little); one waiting longer than `maxWaitMs`
 * goes back to the queue (`onExpired`) and claiming ahead pauses until jobs are quick again.
 */
export class ReservedJobs {
  private readonly entries: Entry[] = []
  /** Moving average of job run times; none measured yet claims nothing ahead. */
  private jobMs: number | undefined
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly onExpired: (job: Job) => void) {}

  get size(): number {
    return this.entries.length
  }

  jobs(): Job[] {
    return this.entries.map((e) => e.job)
  }

  /** How many jobs to hold: as many as run in `budgetMs`, up to `maxJobs`. */
  target(): number {
    const { maxJobs, budgetMs } = reservedJobsDefaults
    if (this.jobMs === undefined) return 0
    return this.jobMs * maxJobs <= budgetMs ? maxJobs : Math.floor(budgetMs / this.jobMs)
  }

  /** Down to half the target: time to claim more. */
  low(): boolean {
    return this.entries.length * 2 < this.target()
  }

  add(job: Job, now: number): void {
    this.entries.push({ job, at: now })
    this.watch()
  }

  /** The oldest reserved job, to start now. */
  take(): Job | undefined {
    return this.entries.shift()?.job
  }

  takeAll(): Job[] {
    return this.entries.splice(0).map((e) => e.job)
  }

  /** Forgets a job (its lease is gone); false when it was not reserved. */
  remove(job: Job): boolean {
    const at = this.entries.findIndex((e) => e.job === job)
    if (at >= 0) this.entries.splice(at, 1)
    return at >= 0
  }

  noteRunTime(ms: number): void {
    this.jobMs = this.jobMs === undefined ? ms : this.jobMs + (ms - this.jobMs) / 4
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  private watch(): void {
    if (this.timer) return
    const waitMs = reservedJobsDefaults.maxWaitMs
    this.timer = setTimeout(() => {
      this.timer = undefined
      const now = Date.now()
      while (this.entries.length > 0 && now - (this.entries[0] as Entry).at >= waitMs) {
        const { job, at } = this.entries.shift() as Entry
        // A slow job holds the slots: treat it as the run time, so claiming ahead pauses.
        this.jobMs = Math.max(this.jobMs ?? 0, now - at)
        this.onExpired(job)
      }
      if (this.entries.length > 0) this.watch()
    }, waitMs)
    this.timer.unref?.()
  }
}
