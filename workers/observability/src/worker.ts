import type { BindingInfo, BuiltinWorker, TriggerProvider, WorkerDefinition } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import { type ObservabilityConfig, ObservabilityConfigSchema } from './config'
import { observabilityFunctions } from './functions'
import {
  AlertEventSchema,
  AlertTriggerConfig,
  LogSchema,
  LogTriggerConfig,
  observabilitySchemas,
  TraceTriggerConfig,
} from './schemas'
import { Observability } from './service'

const levels = new Set(['all', 'trace', 'debug', 'info', 'warn', 'error'])
const statuses = new Set(['ok', 'error', 'unset'])

function bindingSet(
  target: Map<string, BindingInfo>,
  check: (config: Record<string, unknown>) => string | undefined,
): TriggerProvider {
  return {
    register(b) {
      const config = (b.config ?? {}) as Record<string, unknown>
      const problem =
        typeof config === 'object' && !Array.isArray(config)
          ? check(config)
          : 'config must be an object'
      if (problem) throw new IIIError('trigger_registration_failed', problem)
      target.set(b.id, b)
    },
    unregister(b) {
      target.delete(b.id)
    },
  }
}

/** `iii-observability`: spans, logs and metrics, their queries, OTLP export, and log/trace triggers. */
export const observabilityWorker: WorkerDefinition<ObservabilityConfig> = {
  name: 'iii-observability',
  mandatory: true,
  defaultOn: true,
  configSchema: ObservabilityConfigSchema,
  create(config): BuiltinWorker {
    let obs: Observability | undefined
    return {
      async start(ctx) {
        obs = new Observability(config, ctx)
        for (const [id, description, handler] of observabilityFunctions(obs, ctx))
          ctx.registerFunction({ id, description, ...observabilitySchemas[id] }, handler)
        await ctx.registerTriggerType(
          {
            id: 'log',
            description:
              'Fires for every log record at or above `level` (all|trace|debug|info|warn|error).',
            trigger_request_format: LogTriggerConfig,
            call_request_format: LogSchema,
          },
          bindingSet(obs.logBindings, (c) =>
            c.level === undefined || levels.has(String(c.level))
              ? undefined
              : `unknown log level ${String(c.level)}`,
          ),
        )
        await ctx.registerTriggerType(
          {
            id: 'trace',
            description: 'Receives `{trace_ids}` of finished traces, at most every ~300 ms.',
            trigger_request_format: TraceTriggerConfig,
            call_request_format: Type.Object({ trace_ids: Type.Array(Type.String()) }),
          },
          bindingSet(obs.traceBindings, (c) =>
            c.status === undefined || statuses.has(String(c.status))
              ? undefined
              : `unknown status ${String(c.status)}`,
          ),
        )
        await ctx.registerTriggerType(
          {
            id: 'alert',
            description:
              'Receives each alert transition (firing / resolved), optionally of one rule (`name`) or one `status`.',
            trigger_request_format: AlertTriggerConfig,
            call_request_format: AlertEventSchema,
          },
          bindingSet(obs.alertBindings, (c) =>
            c.status === undefined || c.status === 'firing' || c.status === 'resolved'
              ? c.name === undefined || (typeof c.name === 'string' && c.name.length > 0)
                ? undefined
                : 'name must be a non-empty string'
              : `unknown status ${String(c.status)}`,
          ),
        )
        await obs.start()
      },
      async stop() {
        await obs?.stop()
      },
    }
  },
}
