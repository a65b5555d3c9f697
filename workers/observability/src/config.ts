import { type Static, Type } from '@sinclair/typebox'

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

const Alert = Type.Object(
  {
    name: Type.String(),
    metric: Type.String(),
    threshold: Type.Number(),
    operator: Type.Union(['>', '>=', '<', '<=', '==', '!='].map((o) => Type.Literal(o))),
    window_seconds: Int(1, 60),
    cooldown_seconds: Int(0, 60),
    enabled: Type.Boolean({ default: true }),
    action: Type.Unknown(),
  },
  { additionalProperties: false },
)

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
    alerts: Type.Array(Alert, { default: [] }),
    trace_storage: Type.Optional(TraceStorage),
  },
  { additionalProperties: false },
)

export type ObservabilityConfig = Static<typeof ObservabilityConfigSchema>
