import { type BuiltinHandler, parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import { type CronPayload, type CronSchedule, nextCronRuns } from './schedule'

const S = Type.String()
const TriggerRef = Type.Object({
  trigger_id: Type.String({ minLength: 1, description: 'id of a cron binding' }),
})
const NextRunsInput = Type.Object({
  trigger_id: Type.String({ minLength: 1, description: 'id of a cron binding' }),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })),
})

/** Where the functions find the cron bindings this worker schedules. */
export interface ScheduleLookup {
  schedules: ReadonlyMap<string, CronSchedule>
}

/** The cron worker's functions (BUILTINS.md §8.1): `[definition, handler]` pairs. */
export function cronFunctions(lookup: ScheduleLookup, fire: CronFire) {
  const find = (triggerId: string): CronSchedule => {
    const schedule = lookup.schedules.get(triggerId)
    if (!schedule) throw new IIIError('NOT_FOUND', `no cron binding ${triggerId} is scheduled here`)
    return schedule
  }
  const nextRuns: BuiltinHandler = (data) => {
    const q = parseInput(NextRunsInput, data)
    const s = find(q.trigger_id)
    return {
      trigger_id: q.trigger_id,
      job_id: s.jobId,
      expression: s.cron.normalized,
      timezone: s.cron.timezone,
      next_runs: nextCronRuns(s.cron, q.count ?? 5).map((d) => d.toISOString()),
    }
  }
  const runNow: BuiltinHandler = async (data) => {
    const s = find(parseInput(TriggerRef, data).trigger_id)
    const now = new Date().toISOString()
    const payload: CronPayload = {
      trigger: 'cron',
      job_id: s.jobId,
      scheduled_time: now,
      actual_time: now,
    }
    const outcome = await fire(s, payload)
    return outcome.skipped
      ? { trigger_id: s.binding.id, job_id: s.jobId, skipped: true }
      : { trigger_id: s.binding.id, job_id: s.jobId, skipped: false, result: outcome.result }
  }
  return [
    [
      {
        id: 'iii::cron::next_runs',
        description: 'The next fire times of a cron binding {trigger_id, count?} (RFC 3339, UTC).',
        request_format: NextRunsInput,
        response_format: Type.Object({
          trigger_id: S,
          job_id: S,
          expression: S,
          timezone: S,
          next_runs: Type.Array(S),
        }),
      },
      nextRuns,
    ],
    [
      {
        id: 'iii::cron::run_now',
        description:
          'Fire a cron binding once now {trigger_id}: its condition, then its function with a cron payload; returns the result.',
        request_format: TriggerRef,
        response_format: Type.Object({
          trigger_id: S,
          job_id: S,
          skipped: Type.Boolean(),
          result: Type.Optional(Type.Unknown()),
        }),
      },
      runNow,
    ],
  ] as const
}

/** Fires a schedule's binding (the worker context's `fire`). */
export type CronFire = (
  schedule: CronSchedule,
  payload: CronPayload,
) => Promise<{ skipped: true } | { skipped: false; result: unknown }>
