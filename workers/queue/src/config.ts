import { type Static, Type } from '@sinclair/typebox'

/** One named queue (BUILTINS.md §9). */
export const QueueSettingsSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('standard'), Type.Literal('fifo')], { default: 'standard' }),
    /** Total attempts, not retries. */
    max_retries: Type.Integer({ minimum: 0, default: 3 }),
    backoff_ms: Type.Integer({ minimum: 0, default: 1000 }),
    concurrency: Type.Integer({ minimum: 1, default: 10 }),
    message_group_field: Type.Optional(Type.String({ minLength: 1 })),
    poll_interval_ms: Type.Integer({ minimum: 1, default: 100 }),
    max_priority: Type.Optional(Type.Integer()),
    priority_field: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type QueueSettings = Static<typeof QueueSettingsSchema>

const AdapterSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, default: { name: 'memory' } },
)

export const QueueConfigSchema = Type.Object(
  {
    adapter: AdapterSchema,
    queue_configs: Type.Record(Type.String({ minLength: 1 }), QueueSettingsSchema, { default: {} }),
    lease_ms: Type.Integer({ minimum: 100, default: 30_000 }),
    max_stalls: Type.Integer({ minimum: 1, default: 3 }),
    idempotency_ttl_ms: Type.Integer({ minimum: 0, default: 86_400_000 }),
  },
  { additionalProperties: false },
)
export type QueueConfig = Static<typeof QueueConfigSchema>

/** Settings of the always-present `default` queue. */
export const defaultQueueSettings = (): QueueSettings => ({
  type: 'standard',
  max_retries: 3,
  backoff_ms: 1000,
  concurrency: 10,
  poll_interval_ms: 100,
})

/** Semantic checks TypeBox cannot express; returns the problem or undefined. */
export function checkQueueSettings(name: string, s: QueueSettings): string | undefined {
  if (s.type === 'fifo' && !s.message_group_field) return `queue_configs.${name}: fifo queues need message_group_field`
  return undefined
}

/** Retry delay before attempt n+1: `backoff_ms × 2^(n−1)`. */
export const backoffDelay = (backoffMs: number, attemptsMade: number): number => backoffMs * 2 ** Math.max(0, attemptsMade - 1)
