import { nowMs } from '../../core/stats'

/** What a job-throughput child measures. */
export interface JobsPlan {
  jobs: number
  /** Enqueue calls in flight at once while producing. */
  window: number
}

/** Counts handler runs per job of one measured run and says when every job ran. */
export class JobTally {
  private readonly runs: Uint16Array
  private seen = 0
  private resolveAll: (() => void) | undefined
  readonly allRan: Promise<void>

  constructor(
    readonly runId: string,
    readonly jobs: number,
  ) {
    this.runs = new Uint16Array(jobs)
    this.allRan = new Promise((resolve) => {
      this.resolveAll = resolve
    })
  }

  /** Records one handler run of job `seq`; stray jobs of other runs are ignored. */
  record(data: { run?: unknown; seq?: unknown }): void {
    if (data.run !== this.runId || typeof data.seq !== 'number') return
    const n = this.runs[data.seq]
    if (n === undefined) throw new Error(`job seq ${data.seq} out of range`)
    this.runs[data.seq] = n + 1
    if (n === 0 && ++this.seen === this.jobs) this.resolveAll?.()
  }

  /** Throws unless every job ran exactly once. */
  checkExactlyOnce(): void {
    const missing = this.runs.filter((n) => n === 0).length
    const duplicated = this.runs.filter((n) => n > 1).length
    if (missing || duplicated)
      throw new Error(`${this.runId}: ${missing} jobs never ran, ${duplicated} ran more than once`)
  }
}

/** Enqueues `plan.jobs` jobs with `plan.window` in flight and returns jobs/s until all ran once. */
export async function timeJobs(
  tally: JobTally,
  plan: JobsPlan,
  enqueue: (data: { run: string; seq: number }) => Promise<unknown>,
): Promise<number> {
  let next = 0
  const t0 = nowMs()
  const producer = async () => {
    while (next < plan.jobs) {
      const seq = next++
      const receipt = await enqueue({ run: tally.runId, seq })
      if (receipt === undefined || receipt === null)
        throw new Error(`enqueue of job ${seq} returned no receipt`)
    }
  }
  await Promise.all(Array.from({ length: plan.window }, producer))
  await tally.allRan
  const elapsed = nowMs() - t0
  // Late duplicates (a redelivery) would show up shortly after: give them a moment, then check.
  await new Promise((r) => setTimeout(r, 200))
  tally.checkExactlyOnce()
  return (plan.jobs / elapsed) * 1000
}
