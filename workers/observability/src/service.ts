import type { BindingInfo, LogRecord, Session, WorkerContext } from '@iii/core'
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api'
import { AlertManager } from './alerts/alert-manager'
import { TraceArchive } from './archive/trace-archive'
import type { AlertRuleConfig, ObservabilityConfig } from './config'
import { createEngineTracing } from './engine-tracer'
import { type LogEntry, LogStore, severityNumbers, severityText } from './log-store'
import { EngineMetrics } from './metrics'
import { parseLogs, parseMetrics, parseTraces } from './otlp-json'
import { createOtlpSignals } from './otlp-signals'
import { isInternalSpan } from './queries'
import { type SpanRecord, SpanStore } from './span-store'

/** How often `trace` triggers receive the trace ids that finished since the last delivery. */
export const traceTriggerIntervalMs = 300

const logLevelRank: Record<string, number> = {
  all: 0,
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
}

/** Alert rules by name: a later rule with a name already taken is left out, with a warning. */
function uniqueRules(rules: AlertRuleConfig[], ctx: WorkerContext): AlertRuleConfig[] {
  const seen = new Set<string>()
  return rules.filter((rule) => {
    if (!seen.has(rule.name)) return seen.add(rule.name)
    ctx.logger.warn('alert rule name used twice; the later rule is ignored', { name: rule.name })
    return false
  })
}

/** Stores, engine tracing, telemetry ingestion and the `log` / `trace` trigger deliveries. */
export class Observability {
  readonly spans: SpanStore
  readonly logs: LogStore
  readonly metrics = new EngineMetrics()
  readonly sdkMetrics = new Map<
    string,
    {
      worker_id: string
      worker_name: string
      metrics: Record<string, number>
      timestamp_ms: number
    }
  >()
  readonly logBindings = new Map<string, BindingInfo>()
  readonly traceBindings = new Map<string, BindingInfo>()
  readonly alertBindings = new Map<string, BindingInfo>()
  readonly alerts: AlertManager
  private readonly pendingTraceIds = new Set<string>()
  /** Traces started by trace-trigger deliveries: never reported back to those triggers. */
  private readonly deliveryTraces = new Set<string>()
  private timer: ReturnType<typeof setInterval> | undefined
  /** True while a worker's log line is echoed to the console. */
  private echoing = false
  private tracing: ReturnType<typeof createEngineTracing> | undefined
  private otlp: ReturnType<typeof createOtlpSignals> | undefined
  /** The on-disk archive of finished spans, with `trace_storage.enabled`. */
  archive: TraceArchive | undefined
  private unsubscribe: (() => void) | undefined
  /** Empty the extension slots this worker provides. */
  private readonly disposers: (() => void)[] = []

  constructor(
    readonly config: ObservabilityConfig,
    private readonly ctx: WorkerContext,
  ) {
    this.spans = new SpanStore(config.memory_max_spans)
    this.logs = new LogStore(config.logs_max_count, config.logs_retention_seconds * 1000)
    this.alerts = new AlertManager({
      rules: uniqueRules(config.alerts, ctx),
      rollups: this.metrics.rollups,
      ctx,
      bindings: this.alertBindings,
    })
  }

  async start(): Promise<void> {
    this.alerts.start(this.config.alert_interval_ms)
    if (this.config.enabled && this.config.trace_storage?.enabled) await this.openArchive()
    if (this.config.enabled) {
      this.tracing = createEngineTracing(this.config, (span) => this.addSpan(span))
      this.disposers.push(this.ctx.provide('tracer', this.tracing.tracer))
    }
    if (this.config.metrics_enabled)
      this.disposers.push(
        this.ctx.provide('invocationObserver', this.metrics),
        this.ctx.on('worker:connected', (w) => {
          if (w.kind === 'session') this.metrics.onWorker('connected')
        }),
        this.ctx.on('worker:disconnected', (w) => {
          if (w.kind === 'session') this.metrics.onWorker('disconnected')
        }),
      )
    if (this.config.exporter !== 'memory')
      this.otlp = createOtlpSignals(this.config, {
        value: (name) => this.metrics.value(name, this.ctx.stats().sessions),
        workers: () => [...this.sdkMetrics.values()],
      })
    this.disposers.push(
      this.ctx.provide('telemetrySink', (kind, json, session) => this.ingest(kind, json, session)),
    )
    if (this.config.logs_enabled)
      this.unsubscribe = this.ctx.on('log', (record) => this.addEngineLog(record))
    this.timer = setInterval(() => this.deliverTraces(), traceTriggerIntervalMs)
    this.timer.unref?.()
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose()
    this.unsubscribe?.()
    if (this.timer) clearInterval(this.timer)
    await this.tracing?.provider.shutdown().catch(() => {})
    await this.otlp?.shutdown()
    this.alerts.stop()
    await this.archive?.close()
  }

  /**
   * Opens the archive and refills memory with its newest spans, so queries see the traces of
   * before a restart. A directory that cannot be used leaves traces in memory only.
   */
  private async openArchive(): Promise<void> {
    const config = this.config.trace_storage
    if (!config) return
    try {
      this.archive = await TraceArchive.open({ config, logger: this.ctx.logger })
      for (const span of await this.archive.recent(this.config.memory_max_spans))
        this.spans.upsert(span)
    } catch (err) {
      this.ctx.logger.error('trace archive cannot be opened; traces stay in memory only', {
        directory: config.directory,
        err: (err as Error).message,
      })
    }
  }

  /** Spans of the given traces: from memory, else from the archive. */
  async traceSpans(traceIds: string[]): Promise<SpanRecord[]> {
    const out: SpanRecord[] = []
    const missing: string[] = []
    for (const id of traceIds) {
      const spans = this.spans.trace(id)
      if (spans.length > 0) out.push(...spans)
      else missing.push(id)
    }
    if (this.archive && missing.length > 0) out.push(...(await this.archive.lookup(missing)))
    return out
  }

  /**
   * Spans for a query from `fromMs` on: memory, plus archived traces memory no longer holds when
   * the window reaches further back than memory does.
   */
  async spansSince(fromMs: number | undefined | null): Promise<SpanRecord[]> {
    const memory = this.spans.all()
    if (!this.archive || fromMs == null) return memory
    let oldestMs = Number.POSITIVE_INFINITY
    for (const s of memory) oldestMs = Math.min(oldestMs, s.start_time_unix_nano / 1e6)
    if (fromMs >= oldestMs) return memory
    const inMemory = new Set(memory.map((s) => s.trace_id))
    return [...(await this.archive.since(fromMs, inMemory)), ...memory]
  }

  /** Where trace queries read from. */
  get storage(): 'memory' | 'archive' {
    return this.archive ? 'archive' : 'memory'
  }

  addSpan(span: SpanRecord): void {
    this.spans.upsert(span)
    if (!span.pending) this.archive?.append(span)
    if (!span.pending && !isInternalSpan(span) && !this.deliveryTraces.has(span.trace_id))
      this.pendingTraceIds.add(span.trace_id)
  }

  /**
   * Stores a log record. Records from workers (`engine::log::*`, `LOGS` frames) also fire `log`
   * triggers; the engine's own records do not, so a delivery that logs can never feed itself.
   */
  addLog(entry: LogEntry, fromWorker = true): void {
    if (this.config.logs_sampling_ratio < 1 && Math.random() >= this.config.logs_sampling_ratio)
      return
    this.logs.add(entry)
    this.otlp?.emitLog(entry)
    if (!fromWorker) return
    for (const b of this.logBindings.values()) {
      const level = (b.config as { level?: string } | null)?.level ?? 'all'
      if (entry.severity_number < (logLevelRank[level] ?? 0)) continue
      this.ctx.fire(b, entry).catch((err) =>
        this.ctx.logger.debug('log trigger delivery failed', {
          trigger_id: b.id,
          err: (err as Error).message,
        }),
      )
    }
  }

  /** Telemetry frames from `/` and `/otel` connections (PROTOCOL.md §2). */
  ingest(kind: 'OTLP' | 'MTRC' | 'LOGS', json: string, session?: Session): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(json)
    } catch {
      this.ctx.logger.warn('telemetry frame is not JSON; dropped', { kind, bytes: json.length })
      return
    }
    const service = session?.name ?? 'unknown'
    if (kind === 'OTLP') for (const span of parseTraces(parsed, service)) this.addSpan(span)
    else if (kind === 'LOGS') for (const entry of parseLogs(parsed, service)) this.addLog(entry)
    else this.addSdkMetrics(parseMetrics(parsed), session)
  }

  private addSdkMetrics(points: { name: string; value: number }[], session?: Session): void {
    if (!session || points.length === 0) return
    const metrics: Record<string, number> = {}
    for (const p of points) metrics[p.name] = p.value
    const row = {
      worker_id: session.id,
      worker_name: session.name,
      metrics,
      timestamp_ms: Date.now(),
    }
    this.sdkMetrics.set(session.id, row)
    while (this.sdkMetrics.size > this.config.metrics_max_count)
      this.sdkMetrics.delete(this.sdkMetrics.keys().next().value as string)
    session.meta.latestMetrics = {
      ...metrics,
      timestamp_ms: row.timestamp_ms,
      runtime: session.meta.runtime ?? 'unknown',
    }
  }

  /** Runs `write` (a console echo of a worker's log line) without storing its record again. */
  echo(write: () => void): void {
    this.echoing = true
    try {
      write()
    } finally {
      this.echoing = false
    }
  }

  private addEngineLog(record: LogRecord): void {
    if (this.echoing) return
    const now = record.time * 1e6
    const span = trace.getSpan(context.active())?.spanContext()
    const severity = severityNumbers[record.level] ?? 9
    this.addLog(
      {
        timestamp_unix_nano: now,
        observed_timestamp_unix_nano: now,
        severity_number: severity,
        severity_text: severityText(severity),
        body: record.msg,
        attributes: record.fields,
        trace_id: span?.traceId,
        span_id: span?.spanId,
        resource: { 'service.name': this.config.service_name },
        service_name: this.config.service_name,
        instrumentation_scope_name: 'iii-engine',
      },
      false,
    )
  }

  private deliverTraces(): void {
    if (this.pendingTraceIds.size === 0) return
    const ids = [...this.pendingTraceIds]
    this.pendingTraceIds.clear()
    if (this.traceBindings.size === 0) return
    for (const b of this.traceBindings.values()) {
      const filter = (b.config ?? {}) as { service_name?: string; status?: string }
      const matching = ids.filter((id) =>
        this.spans
          .trace(id)
          .some(
            (s) =>
              (!filter.service_name || s.service_name === filter.service_name) &&
              (!filter.status || s.status.code === filter.status),
          ),
      )
      if (matching.length === 0) continue
      // Deliveries run in a root span of their own, so their traces are never reported back.
      const span = this.tracing?.tracer.startSpan('trace trigger delivery', {}, ROOT_CONTEXT)
      if (span) this.rememberDelivery(span.spanContext().traceId)
      const run = () => this.ctx.fire(b, { trace_ids: matching })
      const done = span ? context.with(trace.setSpan(ROOT_CONTEXT, span), run) : run()
      done
        .catch((err) =>
          this.ctx.logger.debug('trace trigger delivery failed', {
            trigger_id: b.id,
            err: (err as Error).message,
          }),
        )
        .finally(() => span?.end())
    }
  }

  private rememberDelivery(traceId: string): void {
    this.deliveryTraces.add(traceId)
    if (this.deliveryTraces.size > 10_000)
      this.deliveryTraces.delete(this.deliveryTraces.values().next().value as string)
  }
}
