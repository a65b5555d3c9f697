import { type Static, Type } from '@sinclair/typebox'
import { alertMetricNames } from './alerts/metric-names'

const Int = (min: number, def: number) => Type.Integer({ minimum: min, default: def })
const Ratio = (def: number) => Type.Number({ minimum: 0, maximum: 1, default: def })

const SamplingRule = Type.Object(
  {
    operation: Type.Optional(Type.String()),
    service: Type.Optional(Type.String()),
    rate: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
)

/** Comparison of an alert rule: the symbols, or the reference's canonical names. */
export const alertOperators = {
  '>': 'greaterthan',
  '>=': 'greaterthanorequal',
  '<': 'lessthan',
  '<=': 'lessthanorequal',
  '==': 'equal',
  '!=': 'notequal',
} as const

const AlertAction = Type.Union([
  Type.Literal('log'),
  Type.Object({ type: Type.Literal('log') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('webhook'),
      url: Type.String({ minLength: 1 }),
      headers: Type.Optional(Type.Record(Type.String(), Type.String())),
      timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('function'), path: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      webhook: Type.Object({ url: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      function: Type.Object(
        { path: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
])

const AlertRule = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    metric: Type.Union(alertMetricNames.map((m) => Type.Literal(m))),
    threshold: Type.Number(),
    operator: Type.Union(
      Object.entries(alertOperators).flatMap(([sym, name]) => [
        Type.Literal(sym),
        Type.Literal(name),
      ]),
      { default: '>' },
    ),
    window_seconds: Int(1, 60),
    for_seconds: Int(0, 0),
    cooldown_seconds: Int(0, 60),
    enabled: Type.Boolean({ default: true }),
    function_id: Type.Optional(Type.String({ minLength: 1 })),
    queue: Type.Optional(Type.String({ minLength: 1 })),
    action: Type.Optional(AlertAction),
  },
  { additionalProperties: false },
)
export type AlertRuleConfig = Static<typeof AlertRule>

/** Defaults of `trace_storage`, the on-disk archive of finished spans (BUILTINS.md §10). */
export const traceStorageDefaults = {
  directory: './data/observability/traces',
  maxDiskBytes: 1024 ** 3,
  retentionSeconds: 30 * 24 * 3600,
  segmentMaxBytes: 16 * 1024 ** 2,
  flushIntervalMs: 200,
} as const

const TraceStorage = Type.Object(
  {
    enabled: Type.Boolean({ default: false }),
    directory: Type.String({ minLength: 1, default: traceStorageDefaults.directory }),
    max_disk_bytes: Int(1024, traceStorageDefaults.maxDiskBytes),
    retention_seconds: Int(1, traceStorageDefaults.retentionSeconds),
    segment_max_bytes: Int(1024, traceStorageDefaults.segmentMaxBytes),
    flush_interval_ms: Int(1, traceStorageDefaults.flushIntervalMs),
  },
  { additionalProperties: false },
)
export type TraceStorageConfig = Static<typeof TraceStorage>

/** `iii-observability` config (BUILTINS.md §10). */
export const ObservabilityConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    service_name: Type.String({ default: 'iii' }),
    service_version: Type.Optional(Type.String()),
    service_namespace: Type.Optional(Type.String()),
    exporter: Type.Union([Type.Literal('memory'), Type.Literal('otlp'), Type.Literal('both')], {
      default: 'memory',
    }),
    endpoint: Type.String({ default: 'http://localhost:4317' }),
    otlp_export_interval_ms: Int(100, 10_000),
    sampling_ratio: Ratio(1),
    sampling: Type.Optional(
      Type.Object(
        {
          default: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          parent_based: Type.Optional(Type.Boolean()),
          rules: Type.Optional(Type.Array(SamplingRule)),
          rate_limit: Type.Optional(
            Type.Object(
              { max_traces_per_second: Type.Number({ minimum: 0 }) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    memory_max_spans: Int(1, 100_000),
    metrics_enabled: Type.Boolean({ default: true }),
    metrics_retention_seconds: Int(1, 3600),
    metrics_max_count: Int(1, 10_000),
    logs_enabled: Type.Boolean({ default: true }),
    logs_max_count: Int(1, 1000),
    logs_retention_seconds: Int(1, 3600),
    logs_sampling_ratio: Ratio(1),
    logs_console_output: Type.Boolean({ default: true }),
    level: Type.Union(
      ['trace', 'debug', 'info', 'warn', 'error'].map((l) => Type.Literal(l)),
      { default: 'info' },
    ),
    format: Type.Union([Type.Literal('default'), Type.Literal('json')], { default: 'default' }),
    alerts: Type.Array(AlertRule, { default: [] }),
    alert_interval_ms: Int(100, 10_000),
    trace_storage: Type.Optional(TraceStorage),
  },
  { additionalProperties: false },
)

export type ObservabilityConfig = Static<typeof ObservabilityConfigSchema>
