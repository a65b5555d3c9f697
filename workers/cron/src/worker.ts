import type {
  BindingInfo,
  BuiltinWorker,
  TriggerProvider,
  WorkerContext,
  WorkerDefinition,
} from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import { type CronConfig, CronConfigSchema, checkCronConfig, chooseLocks } from './config'
import { cronJobId, InvalidCronError, parseCronExpression } from './expression'
import { cronFunctions } from './functions'
import { type CronLocks, MemoryCronLocks, RedisCronLocks } from './locks'
import { CronSchedule } from './schedule'

const configOf = (binding: BindingInfo): Record<string, unknown> =>
  typeof binding.config === 'object' && binding.config !== null && !Array.isArray(binding.config)
    ? Object.fromEntries(Object.entries(binding.config))
    : {}

/** Config of a `cron` binding (checked in `register`: the expression by the cron parser). */
const CronTriggerConfig = Type.Object({
  expression: Type.String({
    minLength: 1,
    description: 'six or seven fields: second minute hour day month weekday [year]',
  }),
  timezone: Type.Optional(Type.String({ description: 'IANA zone; default UTC' })),
  condition_function_id: Type.Optional(Type.String({ minLength: 1 })),
})

/** The `cron` trigger type: one schedule per binding. */
class CronTriggers implements TriggerProvider {
  readonly schedules = new Map<string, CronSchedule>()

  constructor(
    private readonly ctx: WorkerContext,
    private readonly locks: CronLocks,
    private readonly lockTtlMs: number,
  ) {}

  register(binding: BindingInfo): void {
    const config = configOf(binding)
    const condition = config.condition_function_id
    if (condition !== undefined && (typeof condition !== 'string' || condition === ''))
      throw new IIIError(
        'trigger_registration_failed',
        'cron: condition_function_id must be a non-empty string',
      )
    let cron: ReturnType<typeof parseCronExpression>
    try {
      cron = parseCronExpression(config.expression, config.timezone ?? 'UTC')
    } catch (err) {
      if (err instanceof InvalidCronError)
        throw new IIIError('trigger_registration_failed', err.message)
      throw err
    }
    this.unregister(binding)
    const jobId = cronJobId(binding.namespace, binding.function_id, cron)
    const schedule = new CronSchedule(
      { binding, cron, jobId },
      {
        ctx: this.ctx,
        locks: () => this.locks,
        lockTtlMs: this.lockTtlMs,
      },
    )
    this.schedules.set(binding.id, schedule)
    schedule.start()
    this.ctx.logger.debug('cron scheduled', {
      trigger_id: binding.id,
      job_id: jobId,
      expression: cron.normalized,
      timezone: cron.timezone,
    })
  }

  unregister(binding: BindingInfo): void {
    this.schedules.get(binding.id)?.stop()
    this.schedules.delete(binding.id)
  }

  stopAll(): void {
    for (const s of this.schedules.values()) s.stop()
    this.schedules.clear()
  }
}

/** `iii-cron` (alias `cron`): time-based triggers, each instant fired once across engines. On by default. */
export const cronWorker: WorkerDefinition<CronConfig> = {
  name: 'iii-cron',
  aliases: ['cron'],
  defaultOn: true,
  configSchema: CronConfigSchema,
  validate: checkCronConfig,
  create(config): BuiltinWorker {
    let triggers: CronTriggers | undefined
    let locks: CronLocks | undefined
    return {
      async start(ctx) {
        const choice = chooseLocks(config.adapter)
        if (!('kind' in choice)) throw new Error(`iii-cron: ${choice.key}: ${choice.reason}`)
        locks =
          choice.kind === 'redis'
            ? await RedisCronLocks.connect(choice.url, ctx.logger)
            : new MemoryCronLocks()
        triggers = new CronTriggers(ctx, locks, choice.lockTtlMs)
        const fire = (s: CronSchedule, payload: unknown) => ctx.fire(s.binding, payload)
        for (const [definition, handler] of cronFunctions(triggers, fire))
          ctx.registerFunction(definition, handler)
        await ctx.registerTriggerType(
          {
            id: 'cron',
            description:
              'Fire a function on a cron schedule {expression, timezone?}; each instant once.',
            trigger_request_format: CronTriggerConfig,
          },
          triggers,
        )
      },
      async stop() {
        triggers?.stopAll()
        await locks?.close()
      },
    }
  },
}
