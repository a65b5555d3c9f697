import type { BindingInfo, Logger, WorkerContext } from '@iii/core'
import { createTask, type Logger as NodeCronLogger, type ScheduledTask } from 'node-cron'
import type { CronExpression } from './expression'
import type { CronLocks } from './locks'

/** The handler input of a cron fire (BUILTINS.md §8). */
export interface CronPayload {
  trigger: 'cron'
  job_id: string
  /** RFC 3339, UTC. */
  scheduled_time: string
  actual_time: string
}

export interface CronScheduleDeps {
  ctx: WorkerContext
  locks: () => CronLocks
  lockTtlMs: number
}

const yearIn = (date: Date, timezone: string) =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric' }).format(date))

/** node-cron's logger, routed to ours. */
function nodeCronLogger(logger: Logger): NodeCronLogger {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m)
  return {
    info: (m) => logger.debug(`node-cron: ${m}`),
    warn: (m) => logger.warn(`node-cron: ${m}`),
    error: (m, err) => logger.warn(`node-cron: ${text(m)}`, { err: err?.message }),
    debug: (m) => logger.debug(`node-cron: ${text(m)}`),
  }
}

/**
 * One cron binding. node-cron computes the instants (timezone and DST included) and wakes us at
 * each; we check the year field, take the per-instant lock, then fire. Instants missed while the
 * process was busy or down are skipped, never replayed (node-cron's default tolerance: 1 s).
 */
export class CronSchedule {
  private task: ScheduledTask | undefined

  readonly binding: BindingInfo
  readonly cron: CronExpression
  readonly jobId: string

  constructor(
    job: { binding: BindingInfo; cron: CronExpression; jobId: string },
    private readonly deps: CronScheduleDeps,
  ) {
    this.binding = job.binding
    this.cron = job.cron
    this.jobId = job.jobId
  }

  start(): void {
    const logger = this.deps.ctx.logger
    const task = createTask(this.cron.pattern, (c) => this.tick(c.date), {
      timezone: this.cron.timezone,
      unref: true,
      logger: nodeCronLogger(logger),
    })
    task.on('execution:missed', (c) =>
      logger.debug('cron instant missed; skipped', {
        job_id: this.jobId,
        scheduled_time: c.date.toISOString(),
      }),
    )
    task.start()
    this.task = task
  }

  stop(): void {
    void this.task?.destroy()
    this.task = undefined
  }

  private async tick(slot: Date): Promise<void> {
    if (this.cron.years && !this.cron.years.has(yearIn(slot, this.cron.timezone))) return
    const at = slot.getTime()
    const log = {
      job_id: this.jobId,
      trigger_id: this.binding.id,
      scheduled_time: slot.toISOString(),
    }
    let mine: boolean
    try {
      mine = await this.deps.locks().acquire(`cron_lock:${this.jobId}:${at}`, this.deps.lockTtlMs)
    } catch (err) {
      this.deps.ctx.logger.warn('cron lock unavailable; instant skipped', { ...log, err })
      return
    }
    if (!mine) return
    const payload: CronPayload = {
      trigger: 'cron',
      job_id: this.jobId,
      scheduled_time: slot.toISOString(),
      actual_time: new Date().toISOString(),
    }
    try {
      await this.deps.ctx.fire(this.binding, payload)
    } catch (err) {
      this.deps.ctx.logger.warn('cron target failed', {
        ...log,
        function_id: this.binding.function_id,
        err,
      })
    }
  }
}

/** The next `count` instants after now, year field applied (looks at most `scan` node-cron instants ahead). */
export function nextCronRuns(cron: CronExpression, count: number, scan = 256): Date[] {
  const task = createTask(cron.pattern, () => undefined, { timezone: cron.timezone })
  const keep = (d: Date) => !cron.years || cron.years.has(yearIn(d, cron.timezone))
  try {
    for (let look = count; ; look *= 2) {
      const runs = task.getNextRuns(Math.min(look, scan)).filter(keep)
      if (runs.length >= count || look >= scan) return runs.slice(0, count)
    }
  } finally {
    void task.destroy()
  }
}
