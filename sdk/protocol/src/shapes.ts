import { type Static, Type } from '@sinclair/typebox'
import { Json, Opt } from './optional'

/** `{ code, message, stacktrace? }`: every error on the wire. */
export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    stacktrace: Opt(Type.String()),
  },
  { $id: 'ErrorBody', description: 'An error on the wire.' },
)
export type ErrorBody = Static<typeof ErrorBody>

export const VoidAction = Type.Object({ type: Type.Literal('void') }, { $id: 'VoidAction' })

export const EnqueueAction = Type.Object(
  {
    type: Type.Literal('enqueue'),
    queue: Type.String(),
    idempotency_key: Opt(Type.String()),
    delay_ms: Opt(Type.Integer({ minimum: 0 })),
  },
  { $id: 'EnqueueAction' },
)

/** How a call is routed; absent means a synchronous call. */
export const TriggerAction = Type.Union([VoidAction, EnqueueAction], {
  $id: 'TriggerAction',
  description: 'Routing of an invokefunction frame; absent means synchronous.',
})
export type TriggerAction = Static<typeof TriggerAction>

/** Auth of an HTTP-invoked function. Every `*_key` names an environment variable of the engine. */
export const HttpAuthConfig = Type.Union(
  [
    Type.Object({ type: Type.Literal('hmac'), secret_key: Type.String() }),
    Type.Object({ type: Type.Literal('bearer'), token_key: Type.String() }),
    Type.Object({ type: Type.Literal('api_key'), header: Type.String(), value_key: Type.String() }),
  ],
  { $id: 'HttpAuthConfig' },
)
export type HttpAuthConfig = Static<typeof HttpAuthConfig>

export const HttpMethod = Type.Union(
  ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => Type.Literal(m)),
  { $id: 'HttpMethod' },
)

/** A function served by an external URL (PROTOCOL.md §12). */
export const HttpInvocationRef = Type.Object(
  {
    url: Type.String(),
    method: Opt(HttpMethod),
    timeout_ms: Opt(Type.Integer({ minimum: 1 })),
    headers: Opt(Type.Record(Type.String(), Type.String())),
    auth: Opt(HttpAuthConfig),
  },
  { $id: 'HttpInvocationRef' },
)
export type HttpInvocationRef = Static<typeof HttpInvocationRef>

/** One end of a channel (PROTOCOL.md §8). */
export const StreamChannelRef = Type.Object(
  {
    channel_id: Type.String(),
    access_key: Type.String(),
    direction: Type.Union([Type.Literal('read'), Type.Literal('write')]),
  },
  { $id: 'StreamChannelRef' },
)
export type StreamChannelRef = Static<typeof StreamChannelRef>

/** Worker process metrics derived from `MTRC` telemetry frames. */
export const WorkerMetrics = Type.Object(
  {
    memory_heap_used: Opt(Type.Number()),
    memory_heap_total: Opt(Type.Number()),
    memory_rss: Opt(Type.Number()),
    memory_external: Opt(Type.Number()),
    cpu_user_micros: Opt(Type.Number()),
    cpu_system_micros: Opt(Type.Number()),
    cpu_percent: Opt(Type.Number()),
    event_loop_lag_ms: Opt(Type.Number()),
    uptime_seconds: Opt(Type.Number()),
    timestamp_ms: Type.Integer(),
    runtime: Type.String(),
  },
  { $id: 'WorkerMetrics' },
)
export type WorkerMetrics = Static<typeof WorkerMetrics>

export const JsonValue = Json
