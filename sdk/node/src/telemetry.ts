import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core'
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'
import { logsFrame } from './log-frames'
import { startWorkerMetrics, workerMetricsDefaults } from './worker-metrics'

export interface TelemetryOptions {
  /** Trace every call this worker handles and makes. @default true unless env OTEL_ENABLED is false/0/no/off */
  enabled?: boolean
  /** `service.name` of this worker's spans. @default the worker name */
  serviceName?: string
  /** How often heap, RSS, CPU and event-loop lag are sent as `MTRC`; 0 turns them off. @default 10000 */
  metricsIntervalMs?: number
}

export interface TraceFields {
  traceparent?: string
  baggage?: string
}

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
})
const getter = {
  get: (c: TraceFields, key: string) =>
    key === 'traceparent' ? c.traceparent : key === 'baggage' ? c.baggage : undefined,
  keys: () => ['traceparent', 'baggage'],
}
const setter = {
  set: (c: TraceFields, key: string, value: string) => {
    ;(c as Record<string, string>)[key] = value
  },
}
let contextManagerInstalled = false
const EXPORT_RESULT_SUCCESS = 0
const EXPORT_RESULT_FAILED = 1

/** The active context as frame fields (traceparent / baggage). */
export function currentTraceFields(ctx: Context = context.active()): TraceFields {
  const fields: TraceFields = {}
  propagator.inject(ctx, fields, setter)
  return fields
}

/** Exports finished spans to the engine as `OTLP`-prefixed binary frames on the worker socket. */
class EngineSpanExporter implements SpanExporter {
  constructor(private readonly sendBinary: (frame: Buffer) => boolean) {}
  export(spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    const body = JsonTraceSerializer.serializeRequest(spans)
    const ok =
      body !== undefined && this.sendBinary(Buffer.concat([Buffer.from('OTLP'), Buffer.from(body)]))
    done({ code: ok ? EXPORT_RESULT_SUCCESS : EXPORT_RESULT_FAILED })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

function envEnabled(): boolean {
  const v = process.env.OTEL_ENABLED?.toLowerCase()
  return !(v === 'false' || v === '0' || v === 'no' || v === 'off')
}

/**
 * Per-worker tracing: `execute <function_id>` spans under each incoming call's context, and the
 * active context injected into every outgoing call.
 */
export class WorkerTelemetry {
  private readonly tracer: Tracer | undefined
  private readonly provider: BasicTracerProvider | undefined
  private stopMetrics: (() => void) | undefined
  private readonly serviceName: string

  constructor(
    options: TelemetryOptions,
    serviceName: string,
    private readonly sendBinary: (frame: Buffer) => boolean,
  ) {
    this.serviceName = options.serviceName ?? serviceName
    if (!(options.enabled ?? envEnabled())) return
    // Async context must follow awaits inside handlers; install the manager once per process.
    if (!contextManagerInstalled)
      contextManagerInstalled =
        context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) || true
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName ?? serviceName }),
      spanProcessors: [
        new BatchSpanProcessor(new EngineSpanExporter(sendBinary), { scheduledDelayMillis: 100 }),
      ],
    })
    this.tracer = this.provider.getTracer('iii-sdk')
    const intervalMs = options.metricsIntervalMs ?? workerMetricsDefaults.intervalMs
    if (intervalMs > 0)
      this.stopMetrics = startWorkerMetrics({
        serviceName: options.serviceName ?? serviceName,
        intervalMs,
        send: sendBinary,
      })
  }

  get enabled(): boolean {
    return this.tracer !== undefined
  }

  /** Runs a handler inside `execute <function_id>`, parented by the frame's context. */
  async execute<T>(functionId: string, fields: TraceFields, run: () => Promise<T>): Promise<T> {
    const parent =
      fields.traceparent || fields.baggage
        ? propagator.extract(ROOT_CONTEXT, fields, getter)
        : context.active()
    if (!this.tracer) return context.with(parent, run)
    const span: Span = this.tracer.startSpan(
      `execute ${functionId}`,
      { kind: SpanKind.INTERNAL, attributes: { 'iii.function.id': functionId } },
      parent,
    )
    try {
      const result = await context.with(trace.setSpan(parent, span), run)
      span.setStatus({ code: SpanStatusCode.OK })
      return result
    } catch (err) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: (err as Error)?.message ?? String(err),
      })
      throw err
    } finally {
      span.end()
    }
  }

  /** The trace and span ids of the active span, for log records. */
  activeIds(): { trace_id?: string; span_id?: string } {
    const ctx = trace.getSpan(context.active())?.spanContext()
    return ctx ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {}
  }

  /**
   * Sends one log record as a `LOGS` frame; false when the socket is not open (the caller
   * then falls back to `engine::log::*`, which waits for the connection).
   */
  sendLog(line: { level: string; message: string; data?: unknown; serviceName?: string }): boolean {
    return this.sendBinary(
      logsFrame({
        ...line,
        serviceName: line.serviceName ?? this.serviceName,
        ...this.activeIds(),
      }),
    )
  }

  baggageEntry(key: string): string | undefined {
    return propagation.getBaggage(context.active())?.getEntry(key)?.value
  }

  async shutdown(): Promise<void> {
    this.stopMetrics?.()
    await this.provider?.forceFlush().catch(() => {})
    await this.provider?.shutdown().catch(() => {})
  }
}
