import { type Static, Type } from '@sinclair/typebox'

/**
 * One named queue (BUILTINS.md §9). Every key is optional: TypeBox does not apply defaults inside
 * a record, so `resolveQueueSettings` fills them from `queueSettingsDefaults`. `type` is checked
 * by `checkQueueConfig` for a clearer error than a union mismatch.
 */
export const QueueSettingsSchema = Type.Object(
  {
    /** `standard` or `fifo`. @default 'standard' */
    type: Type.Optional(Type.String()),
    /** Total attempts, not retries (0 and 1 both mean one call). @default 3 */
    max_retries: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Base retry delay: attempt n+1 waits `backoff_ms × 2^(n−1)`. @default 1000 */
    backoff_ms: Type.Optional(Type.Integer({ minimum: 0 })),
    /** @default 10 */
    concurrency: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Required for `fifo`: the `data` field naming the message group. */
    message_group_field: Type.Optional(Type.String({ minLength: 1 })),
    /** @default 100 */
    poll_interval_ms: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Accepted for compatibility with the reference engine; ignored. */
    max_priority: Type.Optional(Type.Integer()),
    /** Accepted for compatibility with the reference engine; ignored. */
    priority_field: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
/** A named queue's settings as configured. */
export type QueueSettingsInput = Static<typeof QueueSettingsSchema>

/** A named queue's settings with defaults applied. */
export interface QueueSettings {
  type: string
  max_retries: number
  backoff_ms: number
  concurrency: number
  message_group_field?: string
  poll_interval_ms: number
}

const AdapterSchema = Type.Object(
  {
    /** `memory`, `file`, `redis`, or the reference spelling `builtin` (with `store_method`). */
    name: Type.String({ minLength: 1 }),
    config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, default: { name: 'memory' } },
)

/** `iii-queue` configuration (BUILTINS.md §9). */
export const QueueConfigSchema = Type.Object(
  {
    adapter: AdapterSchema,
    queue_configs: Type.Record(Type.String({ minLength: 1 }), QueueSettingsSchema, { default: {} }),
    /** Job lease, renewed every `lease_ms / 3` while its function runs. */
    lease_ms: Type.Integer({ minimum: 100, default: 30_000 }),
    /** Stalls (expired leases) after which a job goes to the DLQ. */
    max_stalls: Type.Integer({ minimum: 1, default: 3 }),
    /** How long an idempotency key is remembered (24 h). */
    idempotency_ttl_ms: Type.Integer({ minimum: 0, default: 86_400_000 }),
  },
  { additionalProperties: false },
)
export type QueueConfig = Static<typeof QueueConfigSchema>

/** Settings of the always-present `default` queue, and the defaults of every named queue. */
export const queueSettingsDefaults = {
  type: 'standard',
  max_retries: 3,
  backoff_ms: 1000,
  concurrency: 10,
  poll_interval_ms: 100,
} as const satisfies QueueSettings

/** Configured settings with the defaults filled in. */
export function resolveQueueSettings(input: QueueSettingsInput): QueueSettings {
  const s: QueueSettings = {
    type: input.type ?? queueSettingsDefaults.type,
    max_retries: input.max_retries ?? queueSettingsDefaults.max_retries,
    backoff_ms: input.backoff_ms ?? queueSettingsDefaults.backoff_ms,
    concurrency: input.concurrency ?? queueSettingsDefaults.concurrency,
    poll_interval_ms: input.poll_interval_ms ?? queueSettingsDefaults.poll_interval_ms,
  }
  if (input.message_group_field !== undefined) s.message_group_field = input.message_group_field
  return s
}

/** Retry delay before attempt n+1: `backoff_ms × 2^(n−1)`, n = attempts made. */
export const backoffDelay = (backoffMs: number, attemptsMade: number): number =>
  backoffMs * 2 ** Math.max(0, attemptsMade - 1)
