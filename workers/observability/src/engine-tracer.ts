import type { Context } from '@opentelemetry/api'
import { context, SpanStatusCode } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import type { ObservabilityConfig } from './config'
import { createSampler } from './sampler'
import type { SpanRecord } from './span-store'

const kinds = ['internal', 'server', 'client', 'producer', 'consumer']
const nanos = ([s, ns]: [number, number]) => s * 1e9 + ns

/** A finished (or just started) SDK span → the stored record. */
export function toRecord(span: ReadableSpan, serviceName: string, pending: boolean): SpanRecord {
  const ctx = span.spanContext()
  const start = nanos(span.startTime)
  const end = pending ? undefined : nanos(span.endTime)
  const code =
    span.status.code === SpanStatusCode.ERROR
      ? 'error'
      : span.status.code === SpanStatusCode.OK
        ? 'ok'
        : 'unset'
  const record: SpanRecord = {
    trace_id: ctx.traceId,
    span_id: ctx.spanId,
    name: span.name,
    kind: kinds[span.kind] ?? 'internal',
    service_name: serviceName,
    start_time_unix_nano: start,
    end_time_unix_nano: end,
    duration_ms: end === undefined ? undefined : (end - start) / 1e6,
    status: { code, message: span.status.message || undefined },
    attributes: { ...span.attributes },
    events: span.events.map((e) => ({
      name: e.name,
      time_unix_nano: nanos(e.time),
      attributes: { ...(e.attributes ?? {}) },
    })),
  }
  if (span.parentSpanContext) record.parent_span_id = span.parentSpanContext.spanId
  if (pending) record.pending = true
  return record
}

/** Feeds the in-memory store: a pending record at start, the final one at end. */
class StoreProcessor implements SpanProcessor {
  constructor(
    private readonly serviceName: string,
    private readonly onSpan: (record: SpanRecord) => void,
  ) {}
  onStart(span: Span, _parent: Context): void {
    // A cheap placeholder: the span's own attributes object, no copies; replaced at the end.
    const readable = span as unknown as ReadableSpan
    const ctx = readable.spanContext()
    const record: SpanRecord = {
      trace_id: ctx.traceId,
      span_id: ctx.spanId,
      name: readable.name,
      kind: kinds[readable.kind] ?? 'internal',
      service_name: this.serviceName,
      start_time_unix_nano: nanos(readable.startTime),
      status: { code: 'unset' },
      attributes: readable.attributes,
      events: [],
      pending: true,
    }
    if (readable.parentSpanContext) record.parent_span_id = readable.parentSpanContext.spanId
    this.onSpan(record)
  }
  onEnd(span: ReadableSpan): void {
    this.onSpan(toRecord(span, this.serviceName, false))
  }
  forceFlush(): Promise<void> {
    return Promise.resolve()
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

let contextManagerInstalled = false

/** The engine's tracer provider: memory store, OTLP export, or both (config `exporter`). */
export function createEngineTracing(
  config: ObservabilityConfig,
  onSpan: (record: SpanRecord) => void,
) {
  if (!contextManagerInstalled) {
    // One async-context manager per process; other engines in the same process share it.
    contextManagerInstalled =
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) || true
  }
  const processors: SpanProcessor[] = []
  if (config.exporter !== 'otlp') processors.push(new StoreProcessor(config.service_name, onSpan))
  if (config.exporter !== 'memory') {
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint }), {
        scheduledDelayMillis: 200,
      }),
    )
  }
  const attributes: Record<string, string> = { 'service.name': config.service_name }
  if (config.service_version) attributes['service.version'] = config.service_version
  if (config.service_namespace) attributes['service.namespace'] = config.service_namespace
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(attributes),
    sampler: createSampler(config),
    spanProcessors: processors,
    // Attribute values come from callers (function ids, errors); keep each one bounded.
    spanLimits: { attributeValueLengthLimit: 4096 },
  })
  return { provider, tracer: provider.getTracer('iii-engine') }
}
