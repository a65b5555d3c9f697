import type { FunctionSchemas } from '@iii/core'
import { type TSchema, Type } from '@sinclair/typebox'
import { GroupByQuery } from './group-by'
import { LogsQuery, TracesQuery } from './queries'
import { RollupsQuery } from './rollups'

const S = Type.String()
const N = Type.Number()
const Json = Type.Unknown()
const Opt = <T extends TSchema>(t: T) => Type.Optional(Type.Union([t, Type.Null()]))
const Success = Type.Object({ success: Type.Boolean() })

/** Input of `engine::log::*`. */
export const LogInput = Type.Object({
  message: S,
  data: Type.Optional(Json),
  trace_id: Opt(S),
  span_id: Opt(S),
  service_name: Opt(S),
})
export const TraceTreeInput = Type.Object({ trace_id: Type.String({ minLength: 1 }) })
export const BaggageKeyInput = Type.Object({ key: Type.String({ minLength: 1 }) })
export const BaggageSetInput = Type.Object({ key: Type.String({ minLength: 1 }), value: S })
const NoInput = Type.Object({})

/** One alert transition (`AlertEvent`): the `alert` trigger's payload and an action's input. */
export const AlertEventSchema = Type.Object({
  name: S,
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  metric: S,
  value: N,
  threshold: N,
  operator: S,
  function_id: Type.Optional(S),
  queue: Type.Optional(S),
  timestamp: N,
})

/** Config of the `alert` trigger type. */
export const AlertTriggerConfig = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'only this rule' })),
    status: Type.Optional(
      Type.Union([Type.Literal('firing'), Type.Literal('resolved')], {
        description: 'only firing or only resolved transitions',
      }),
    ),
  },
  { additionalProperties: false },
)

/** One stored span (`SpanRecord`). */
export const SpanSchema = Type.Object({
  trace_id: S,
  span_id: S,
  parent_span_id: Type.Optional(S),
  name: S,
  kind: S,
  service_name: S,
  start_time_unix_nano: N,
  end_time_unix_nano: Type.Optional(N),
  duration_ms: Type.Optional(N),
  status: Type.Object({ code: S, message: Type.Optional(S) }),
  attributes: Type.Record(S, Json),
  events: Type.Array(Json),
  pending: Type.Optional(Type.Boolean()),
})

/** One stored log record (`LogEntry`). */
export const LogSchema = Type.Object({
  timestamp_unix_nano: N,
  observed_timestamp_unix_nano: N,
  severity_number: N,
  severity_text: S,
  body: Json,
  attributes: Type.Record(S, Json),
  trace_id: Type.Optional(S),
  span_id: Type.Optional(S),
  resource: Type.Record(S, Json),
  service_name: S,
})

const logSchemas: FunctionSchemas = {
  request_format: LogInput,
  response_format: Type.Any({ description: 'none: the answer carries no result' }),
}

/** Request and response schemas of every `iii-observability` function, by id. */
export const observabilitySchemas: Record<string, FunctionSchemas> = {
  'engine::log::info': logSchemas,
  'engine::log::warn': logSchemas,
  'engine::log::error': logSchemas,
  'engine::log::debug': logSchemas,
  'engine::log::trace': logSchemas,
  'engine::traces::list': {
    request_format: TracesQuery,
    response_format: Type.Object({
      spans: Type.Array(SpanSchema),
      total: N,
      offset: N,
      limit: N,
      storage: S,
    }),
  },
  'engine::traces::tree': {
    request_format: TraceTreeInput,
    response_format: Type.Object({
      roots: Type.Array(Type.Object({ ...SpanSchema.properties, children: Type.Array(Json) })),
      storage: S,
    }),
  },
  'engine::traces::group_by': {
    request_format: GroupByQuery,
    response_format: Type.Object({
      by: S,
      groups: Type.Array(
        Type.Object({
          value: S,
          label: S,
          span_count: N,
          error_count: N,
          error_rate: N,
          p50_ms: N,
          p95_ms: N,
          p99_ms: N,
          duration_ms: N,
          first_seen_ms: N,
          last_seen_ms: N,
          trace_ids: Type.Array(S),
        }),
      ),
      total_groups: N,
      storage: S,
    }),
  },
  'engine::rollups::list': {
    request_format: RollupsQuery,
    response_format: Type.Object({
      resolution: S,
      bucket_ms: N,
      kept_buckets: N,
      buckets: Type.Array(
        Type.Object({
          start_ms: N,
          end_ms: N,
          functions: Type.Array(
            Type.Object({
              function_id: S,
              invocations: N,
              errors: N,
              error_rate: N,
              avg_ms: N,
              max_ms: N,
              p50_ms: N,
              p95_ms: N,
              p99_ms: N,
            }),
          ),
        }),
      ),
    }),
  },
  'engine::traces::clear': { request_format: NoInput, response_format: Success },
  'engine::logs::list': {
    request_format: LogsQuery,
    response_format: Type.Object({
      logs: Type.Array(LogSchema),
      total: N,
      timestamp: N,
      query: Json,
    }),
  },
  'engine::logs::clear': { request_format: NoInput, response_format: Success },
  'engine::metrics::list': {
    request_format: NoInput,
    response_format: Type.Object({
      engine_metrics: Type.Record(S, Json),
      sdk_metrics: Type.Array(Json),
      timestamp: N,
    }),
  },
  'engine::health::check': {
    request_format: NoInput,
    response_format: Type.Object({
      status: S,
      components: Type.Record(S, Type.Object({ status: S })),
      timestamp: N,
      version: S,
      uptime_ms: N,
    }),
  },
  'engine::baggage::get': {
    request_format: BaggageKeyInput,
    response_format: Type.Object({ value: Type.Union([S, Type.Null()]) }),
  },
  'engine::baggage::get_all': {
    request_format: NoInput,
    response_format: Type.Object({ baggage: Type.Record(S, S) }),
  },
  'engine::baggage::set': {
    request_format: BaggageSetInput,
    response_format: Type.Object({ success: Type.Boolean(), note: S }),
  },
  'engine::alerts::list': {
    request_format: NoInput,
    response_format: Type.Object({
      alerts: Type.Array(
        Type.Object({
          name: S,
          metric: S,
          enabled: Type.Boolean(),
          firing: Type.Boolean(),
          pending: Type.Boolean(),
          current_value: Type.Union([N, Type.Null()]),
          threshold: N,
          operator: S,
          last_evaluated: Type.Union([N, Type.Null()]),
          last_triggered: Type.Union([N, Type.Null()]),
          last_resolved: Type.Union([N, Type.Null()]),
        }),
      ),
      rules: Type.Array(Json),
      firing_count: N,
      timestamp: N,
    }),
  },
  'engine::alerts::evaluate': {
    request_format: NoInput,
    response_format: Type.Object({
      evaluated: Type.Boolean(),
      triggered_alerts: Type.Array(AlertEventSchema),
      timestamp: N,
    }),
  },
  'engine::sampling::rules': {
    request_format: NoInput,
    response_format: Type.Object({
      traces: Type.Object({ ratio: N }),
      logs: Type.Object({ ratio: N }),
      timestamp: N,
    }),
  },
}

/** Config of the `log` trigger type. */
export const LogTriggerConfig = Type.Object({
  level: Type.Optional(
    Type.Union(
      ['all', 'trace', 'debug', 'info', 'warn', 'error'].map((l) => Type.Literal(l)),
      { description: 'the lowest level delivered; default all' },
    ),
  ),
})

/** Config of the `trace` trigger type. */
export const TraceTriggerConfig = Type.Object({
  service_name: Type.Optional(
    Type.String({ description: 'only traces with a span of this service' }),
  ),
  status: Type.Optional(
    Type.Union(
      ['ok', 'error', 'unset'].map((l) => Type.Literal(l)),
      {
        description: 'only traces with a span of this status',
      },
    ),
  ),
})
