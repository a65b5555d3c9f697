import { type Static, Type } from '@sinclair/typebox'

const S = Type.String()
const OptS = Type.Optional(Type.Union([S, Type.Null()]))

/** `engine::queue::enqueue` (BUILTINS.md §9.1; the engine's enqueue action sends it, PROTOCOL.md §6.3). */
export const EnqueueInput = Type.Object({
  queue: Type.Optional(Type.Union([S, Type.Null()])),
  function_id: Type.String({ minLength: 1 }),
  data: Type.Optional(Type.Unknown()),
  messageReceiptId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  traceparent: OptS,
  baggage: OptS,
  namespace: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  idempotency_key: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  delay_ms: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
})
export type EnqueueInput = Static<typeof EnqueueInput>

export const PublishInput = Type.Object({ topic: OptS, data: Type.Optional(Type.Unknown()) })
export const QueueRefInput = Type.Object({ queue: OptS, topic: OptS })
export const MessageRefInput = Type.Object({ queue: OptS, message_id: OptS })
export const TopicInput = Type.Object({ topic: OptS })
export const DlqQueryInput = Type.Object({
  topic: OptS,
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})

/** `durable:subscriber` `queue_config` (camelCase, BUILTINS.md §9.3); the ignored keys are accepted. */
export const SubscriberQueueConfig = Type.Object({
  type: Type.Optional(Type.Union([Type.Literal('standard'), Type.Literal('fifo')])),
  /** Retries after the first attempt. */
  maxRetries: Type.Optional(Type.Integer({ minimum: 0 })),
  concurrency: Type.Optional(Type.Integer({ minimum: 1 })),
  backoffDelayMs: Type.Optional(Type.Integer({ minimum: 0 })),
  visibilityTimeout: Type.Optional(Type.Unknown()),
  delaySeconds: Type.Optional(Type.Unknown()),
  backoffType: Type.Optional(Type.Unknown()),
  maxPriority: Type.Optional(Type.Unknown()),
})

/** `durable:subscriber` binding config. */
export const SubscriberConfig = Type.Object({
  topic: Type.String({ minLength: 1 }),
  condition_function_id: Type.Optional(Type.String({ minLength: 1 })),
  queue_config: Type.Optional(SubscriberQueueConfig),
})
export type SubscriberConfig = Static<typeof SubscriberConfig>
