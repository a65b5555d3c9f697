import { IIIError } from '@iii/protocol'
import { type Static, Type } from '@sinclair/typebox'
import type { LogEntry } from './log-store'
import type { SpanRecord } from './span-store'

const Opt = <T extends import('@sinclair/typebox').TSchema>(t: T) =>
  Type.Optional(Type.Union([t, Type.Null()]))

export const TracesQuery = Type.Object({
  trace_id: Opt(Type.String()),
  trace_ids: Opt(Type.Array(Type.String())),
  offset: Opt(Type.Integer({ minimum: 0 })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 10_000 })),
  service_name: Opt(Type.String()),
  name: Opt(Type.String()),
  status: Opt(Type.String()),
  min_duration_ms: Opt(Type.Number({ minimum: 0 })),
  max_duration_ms: Opt(Type.Number({ minimum: 0 })),
  start_time: Opt(Type.Number()),
  end_time: Opt(Type.Number()),
  sort_by: Opt(
    Type.Union(['start_time', 'duration', 'service_name', 'name'].map((s) => Type.Literal(s))),
  ),
  sort_order: Opt(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  attributes: Opt(Type.Array(Type.Tuple([Type.String(), Type.Unknown()]))),
  include_internal: Opt(Type.Boolean()),
})
export type TracesQuery = Static<typeof TracesQuery>

/** Times are epoch milliseconds; a value outside ±(year 9999) overflows nanoseconds. */
function toNanos(ms: number | undefined | null): number | undefined {
  if (ms === undefined || ms === null) return undefined
  if (!Number.isFinite(ms) || Math.abs(ms) > 253_402_300_799_000)
    throw new IIIError('time_value_overflow', `time ${ms} is out of range`)
  return ms * 1e6
}

const contains = (text: string, needle: string | null | undefined) =>
  !needle || text.toLowerCase().includes(needle.toLowerCase())

/** Engine-internal spans: the engine's own `engine::*` calls. */
export const isInternalSpan = (s: SpanRecord) =>
  typeof s.attributes['iii.function.id'] === 'string' &&
  (s.attributes['iii.function.id'] as string).startsWith('engine::')

export function queryTraces(spans: SpanRecord[], q: TracesQuery) {
  const ids = new Set([...(q.trace_ids ?? []), ...(q.trace_id ? [q.trace_id] : [])])
  const from = toNanos(q.start_time)
  const to = toNanos(q.end_time)
  const filtered = spans.filter(
    (s) =>
      (ids.size === 0 || ids.has(s.trace_id)) &&
      (q.include_internal || !isInternalSpan(s)) &&
      contains(s.service_name, q.service_name) &&
      contains(s.name, q.name) &&
      contains(s.status.code, q.status) &&
      (q.min_duration_ms == null || (s.duration_ms ?? 0) >= q.min_duration_ms) &&
      (q.max_duration_ms == null || (s.duration_ms ?? 0) <= q.max_duration_ms) &&
      (from === undefined || s.start_time_unix_nano >= from) &&
      (to === undefined || s.start_time_unix_nano <= to) &&
      (q.attributes ?? []).every(([k, v]) => s.attributes[k] === v),
  )
  const key = q.sort_by ?? 'start_time'
  // Newest first unless asked otherwise.
  const dir = q.sort_order === 'asc' ? 1 : -1
  const value = (s: SpanRecord): number | string =>
    key === 'duration'
      ? (s.duration_ms ?? 0)
      : key === 'service_name'
        ? s.service_name
        : key === 'name'
          ? s.name
          : s.start_time_unix_nano
  if (dir === -1) filtered.reverse()
  filtered.sort((a, b) => {
    const x = value(a)
    const y = value(b)
    return (x < y ? -1 : x > y ? 1 : 0) * dir
  })
  const offset = q.offset ?? 0
  const limit = q.limit ?? 100
  return {
    spans: filtered.slice(offset, offset + limit),
    total: filtered.length,
    offset,
    limit,
    storage: 'memory',
  }
}

export type SpanNode = SpanRecord & { children: SpanNode[] }

/** Spans of one trace nested under their parents; spans whose parent is unknown are roots. */
export function traceTree(spans: SpanRecord[]): SpanNode[] {
  const nodes = new Map(spans.map((s) => [s.span_id, { ...s, children: [] as SpanNode[] }]))
  const roots: SpanNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parent_span_id ? nodes.get(node.parent_span_id) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.start_time_unix_nano - b.start_time_unix_nano
  const sort = (list: SpanNode[]) => {
    list.sort(byStart)
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

export const LogsQuery = Type.Object({
  start_time: Opt(Type.Number()),
  end_time: Opt(Type.Number()),
  trace_id: Opt(Type.String()),
  span_id: Opt(Type.String()),
  severity_min: Opt(Type.Integer({ minimum: 0, maximum: 24 })),
  severity_text: Opt(Type.String()),
  offset: Opt(Type.Integer({ minimum: 0 })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 10_000 })),
})
export type LogsQuery = Static<typeof LogsQuery>

/** The query as the reference echoes it: every filter named, `null` when not given. */
const echoedLogsQuery = (q: LogsQuery) => ({
  start_time: q.start_time ?? null,
  end_time: q.end_time ?? null,
  trace_id: q.trace_id ?? null,
  span_id: q.span_id ?? null,
  severity_min: q.severity_min ?? null,
  severity_text: q.severity_text ?? null,
  offset: q.offset ?? null,
  limit: q.limit ?? null,
})

export function queryLogs(entries: LogEntry[], q: LogsQuery) {
  const from = toNanos(q.start_time)
  const to = toNanos(q.end_time)
  const filtered = entries.filter(
    (e) =>
      (from === undefined || e.timestamp_unix_nano >= from) &&
      (to === undefined || e.timestamp_unix_nano <= to) &&
      (!q.trace_id || e.trace_id === q.trace_id) &&
      (!q.span_id || e.span_id === q.span_id) &&
      (q.severity_min == null || e.severity_number >= q.severity_min) &&
      (!q.severity_text || e.severity_text.toLowerCase() === q.severity_text.toLowerCase()),
  )
  const offset = q.offset ?? 0
  const limit = q.limit ?? 100
  // Newest first; records can arrive out of order (SDK batches), so they are sorted.
  // Reversed first so that records of the same instant stay newest first (the sort is stable).
  filtered.reverse().sort((a, b) => b.timestamp_unix_nano - a.timestamp_unix_nano)
  return {
    logs: filtered.slice(offset, offset + limit),
    total: filtered.length,
    timestamp: Date.now(),
    query: echoedLogsQuery(q),
  }
}
