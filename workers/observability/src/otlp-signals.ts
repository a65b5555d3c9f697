import type { Logger as OtelLogger, SeverityNumber } from '@opentelemetry/api-logs'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import type { ObservabilityConfig } from './config'
import type { LogEntry } from './log-store'

/** What the exported metrics read, at each export. */
export interface MetricSources {
  value(name: string): number | undefined
  workers(): { worker_name: string; metrics: Record<string, number> }[]
}

const engineCounters = ['iii.invocations.total', 'iii.invocation.errors.total'] as const

/**
 * OTLP/gRPC export of metrics and logs beside traces (`exporter: otlp | both`), with the
 * OpenTelemetry JS SDK: engine counters and gauges and each worker's latest `MTRC` gauges every
 * `otlp_export_interval_ms`, and every stored log record.
 */
export function createOtlpSignals(config: ObservabilityConfig, sources: MetricSources) {
  const resource = resourceFromAttributes({ 'service.name': config.service_name })
  const meters = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: config.endpoint }),
        exportIntervalMillis: config.otlp_export_interval_ms,
        exportTimeoutMillis: Math.min(config.otlp_export_interval_ms, 30_000),
      }),
    ],
  })
  const meter = meters.getMeter('iii-engine')
  for (const name of engineCounters)
    meter.createObservableCounter(name).addCallback((r) => r.observe(sources.value(name) ?? 0))
  meter
    .createObservableGauge('iii.workers.active')
    .addCallback((r) => r.observe(sources.value('iii.workers.active') ?? 0))
  meter
    .createObservableGauge('iii.invocation.duration.avg', { unit: 'ms' })
    .addCallback((r) => r.observe(sources.value('iii.invocation.duration') ?? 0))
  meter.createObservableGauge('iii.worker.gauge').addCallback((r) => {
    for (const w of sources.workers())
      for (const [metric, value] of Object.entries(w.metrics))
        r.observe(value, { 'iii.worker.name': w.worker_name, 'iii.metric': metric })
  })
  const logs = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor(new OTLPLogExporter({ url: config.endpoint }), {
        scheduledDelayMillis: 200,
      }),
    ],
  })
  const logger: OtelLogger = logs.getLogger('iii-engine')
  return {
    emitLog(entry: LogEntry): void {
      logger.emit({
        timestamp: Math.floor(entry.timestamp_unix_nano / 1e6),
        severityNumber: entry.severity_number as SeverityNumber,
        severityText: entry.severity_text,
        body: typeof entry.body === 'string' ? entry.body : JSON.stringify(entry.body),
        attributes: {
          ...flatten(entry.attributes),
          'service.name': entry.service_name,
          ...(entry.trace_id ? { trace_id: entry.trace_id } : {}),
          ...(entry.span_id ? { span_id: entry.span_id } : {}),
        },
      })
    },
    async shutdown(): Promise<void> {
      await Promise.all([meters.shutdown().catch(() => {}), logs.shutdown().catch(() => {})])
    },
  }
}

/** Attribute values OTLP takes: scalars as they are, anything else as JSON text. */
function flatten(attributes: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(attributes))
    out[k] =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : (JSON.stringify(v) ?? String(v))
  return out
}
