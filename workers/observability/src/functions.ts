import { type CallInfo, parseInput, type WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { type Static, Type } from '@sinclair/typebox'
import { GroupByQuery, groupSpans } from './group-by'
import { severityNumbers } from './log-store'
import { LogsQuery, queryLogs, queryTraces, TracesQuery, traceTree } from './queries'
import { RollupsQuery } from './rollups'
import { BaggageKeyInput, BaggageSetInput, LogInput, TraceTreeInput } from './schemas'

const AlertsInput = Type.Object({})

import type { Observability } from './service'

/**
 * The caller's own baggage: the `iii.function.id` entry the engine adds for the hop into a
 * baggage function names that function, not the caller, so it is left out (as the reference).
 */
function callerBaggage(header: string | undefined): Record<string, string> {
  const all = parseBaggage(header)
  if (all['iii.function.id']?.startsWith('engine::baggage::')) delete all['iii.function.id']
  return all
}

/** W3C baggage header → map. */
function parseBaggage(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(',')) {
    const [pair] = part.split(';')
    const at = pair?.indexOf('=') ?? -1
    if (!pair || at <= 0) continue
    try {
      out[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(
        pair.slice(at + 1).trim(),
      )
    } catch {
      // a malformed entry is skipped
    }
  }
  return out
}

/** The active span's ids from the call's traceparent, for logs without explicit ids. */
function idsOf(call: CallInfo): { trace_id?: string; span_id?: string } {
  const m = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/.exec(call.traceparent ?? '')
  return m ? { trace_id: m[1], span_id: m[2] } : {}
}

function logFunction(obs: Observability, ctx: WorkerContext, level: string) {
  return (data: unknown, call: CallInfo) => {
    const q = parseInput(LogInput, data, 'deserialization_error')
    const ids = idsOf(call)
    const now = Date.now() * 1e6
    const service = q.service_name ?? call.caller?.name ?? 'unknown'
    const severity = severityNumbers[level] ?? 9
    obs.addLog({
      timestamp_unix_nano: now,
      observed_timestamp_unix_nano: now,
      severity_number: severity,
      severity_text: level.toUpperCase(),
      body: q.message,
      attributes:
        q.data !== undefined && typeof q.data === 'object' && q.data !== null
          ? (q.data as Record<string, unknown>)
          : q.data === undefined
            ? {}
            : { data: q.data },
      trace_id: q.trace_id ?? ids.trace_id,
      span_id: q.span_id ?? ids.span_id,
      resource: { 'service.name': service },
      service_name: service,
    })
    // The console echo is not stored again: one record per log line.
    if (obs.config.logs_console_output) {
      const log = ctx.logger.child({ service: service })
      const write =
        level === 'trace'
          ? log.trace
          : level === 'debug'
            ? log.debug
            : level === 'warn'
              ? log.warn
              : level === 'error'
                ? log.error
                : log.info
      obs.echo(() => write(q.message, q.data !== undefined ? { data: q.data } : undefined))
    }
    // No result, as the reference.
    return undefined
  }
}

const requireMemory = (obs: Observability) => {
  if (obs.config.exporter === 'otlp')
    throw new IIIError('memory_exporter_not_enabled', 'trace queries need exporter: memory or both')
}

/**
 * `engine::health::check`: counts from the engine, storage from this worker. `otel`, `spans`,
 * `logs` and `metrics` carry their counts under `details`, as the reference's do.
 */
function health(obs: Observability, ctx: WorkerContext) {
  const stats = ctx.stats()
  const status = obs.config.enabled ? 'healthy' : 'disabled'
  return {
    status: 'healthy',
    components: {
      workers: { status: 'healthy', connected: stats.sessions },
      invocations: { status: 'healthy', in_flight: stats.invocationsInFlight },
      traces: { status, stored_spans: obs.spans.size },
      otel: {
        status,
        details: {
          enabled: obs.config.enabled,
          exporter: obs.config.exporter,
          service_name: obs.config.service_name,
        },
      },
      spans: { status, details: { stored_spans: obs.spans.size } },
      logs: { status, details: { stored_logs: obs.logs.list().length } },
      metrics: { status, details: { stored_metrics: obs.sdkMetrics.size } },
      ...(obs.archive
        ? { trace_archive: { status: 'healthy', details: obs.archive.stats() } }
        : {}),
    },
    timestamp: Date.now(),
    version: ctx.engineVersion,
    uptime_ms: Date.now() - ctx.engineStartedAtMs,
  }
}

/**
 * `engine::sampling::rules`: the settings as configured, plus the names the reference uses
 * (`default_ratio`, `parent_based`, `rules`, `sampling_ratio`) with their effective values.
 */
function samplingRules(obs: Observability) {
  const sampling = obs.config.sampling ?? {}
  return {
    traces: {
      ratio: obs.config.sampling_ratio,
      ...sampling,
      default_ratio: sampling.default ?? obs.config.sampling_ratio,
      parent_based: sampling.parent_based ?? true,
      rules: sampling.rules ?? [],
    },
    logs: { ratio: obs.config.logs_sampling_ratio, sampling_ratio: obs.config.logs_sampling_ratio },
    timestamp: Date.now(),
  }
}

/** Every function of the observability worker (BUILTINS.md §10). */
export function observabilityFunctions(
  obs: Observability,
  ctx: WorkerContext,
): [string, string, (data: unknown, call: CallInfo) => unknown][] {
  const logs: [string, string, (data: unknown, call: CallInfo) => unknown][] = [
    'info',
    'warn',
    'error',
    'debug',
    'trace',
  ].map((level) => [
    `engine::log::${level}`,
    `Write a ${level} log record (trace and span ids from the call's context).`,
    logFunction(obs, ctx, level),
  ])
  return [
    ...logs,
    [
      'engine::traces::list',
      'Query stored spans (memory, and the archive for trace ids no longer in memory).',
      async (d) => {
        requireMemory(obs)
        const q = parseInput(TracesQuery, d, 'deserialization_error') as Static<typeof TracesQuery>
        const ids = [...(q.trace_ids ?? []), ...(q.trace_id ? [q.trace_id] : [])]
        const spans =
          ids.length > 0 ? await obs.traceSpans(ids) : await obs.spansSince(q.start_time)
        return { ...queryTraces(spans, q), storage: obs.storage }
      },
    ],
    [
      'engine::traces::tree',
      'The spans of one trace, nested.',
      async (d) => {
        requireMemory(obs)
        const q = parseInput(TraceTreeInput, d, 'deserialization_error')
        return { roots: traceTree(await obs.traceSpans([q.trace_id])), storage: obs.storage }
      },
    ],
    [
      'engine::traces::group_by',
      'Finished spans grouped by function, service, status, route or attribute: count, error rate, p50/p95/p99.',
      async (d) => {
        requireMemory(obs)
        const q = parseInput(GroupByQuery, d, 'deserialization_error')
        return { ...groupSpans(await obs.spansSince(q.since_ms), q), storage: obs.storage }
      },
    ],
    [
      'engine::rollups::list',
      'Invocations, errors and latency percentiles per function in 1 m / 5 m / 1 h buckets, newest first.',
      (d) => obs.metrics.rollups.list(parseInput(RollupsQuery, d, 'deserialization_error')),
    ],
    [
      'engine::traces::clear',
      'Delete every stored span, in memory and in the archive.',
      async () => {
        obs.spans.clear()
        await obs.archive?.clear()
        return { success: true }
      },
    ],
    [
      'engine::logs::list',
      'Query stored log records.',
      (d) =>
        queryLogs(
          obs.logs.list(),
          parseInput(LogsQuery, d, 'deserialization_error') as Static<typeof LogsQuery>,
        ),
    ],
    [
      'engine::logs::clear',
      'Delete every stored log record.',
      () => {
        obs.logs.clear()
        return { success: true }
      },
    ],
    [
      'engine::metrics::list',
      'Engine metrics and the latest SDK metrics per worker.',
      () => ({
        engine_metrics: obs.metrics.snapshot(ctx.stats().sessions),
        sdk_metrics: [...obs.sdkMetrics.values()].sort((a, b) => b.timestamp_ms - a.timestamp_ms),
        timestamp: Date.now(),
      }),
    ],
    [
      'engine::alerts::list',
      'Alert rules with their current state (firing, pending, value) and the firing count.',
      (d) => {
        parseInput(AlertsInput, d ?? {}, 'deserialization_error')
        return obs.alerts.list()
      },
    ],
    [
      'engine::alerts::evaluate',
      'Evaluate every alert rule now; returns the transitions (firing / resolved) it made.',
      async (d) => {
        parseInput(AlertsInput, d ?? {}, 'deserialization_error')
        const triggered_alerts = await obs.alerts.evaluate()
        return { evaluated: true, triggered_alerts, timestamp: Date.now() }
      },
    ],
    ['engine::health::check', 'Engine health; always succeeds.', () => health(obs, ctx)],
    [
      'engine::baggage::get',
      'One entry of the caller’s W3C baggage.',
      (d, call) => {
        const q = parseInput(BaggageKeyInput, d, 'deserialization_error')
        return { value: callerBaggage(call.baggage)[q.key] ?? null }
      },
    ],
    [
      'engine::baggage::get_all',
      'The caller’s W3C baggage.',
      (_d, call) => ({ baggage: callerBaggage(call.baggage) }),
    ],
    [
      'engine::baggage::set',
      'Validate a baggage entry; baggage travels with the caller’s own context.',
      (d) => {
        parseInput(BaggageSetInput, d, 'deserialization_error')
        return {
          success: true,
          note: 'baggage is carried by the caller: set it in your SDK context so it propagates on every frame',
        }
      },
    ],
    ['engine::sampling::rules', 'The active sampling settings.', () => samplingRules(obs)],
  ]
}
