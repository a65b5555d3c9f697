import { IIIError } from '@iii/protocol'
import { type Static, Type } from '@sinclair/typebox'
import { exactQuantile } from './percentiles'
import { isInternalSpan } from './queries'
import type { SpanRecord } from './span-store'

const Opt = <T extends import('@sinclair/typebox').TSchema>(t: T) =>
  Type.Optional(Type.Union([t, Type.Null()]))

/** `engine::traces::group_by` input. */
export const GroupByQuery = Type.Object({
  by: Opt(
    Type.Union(
      ['function', 'service', 'status', 'route'].map((b) => Type.Literal(b)),
      {
        description: 'what to group finished spans by; default function',
      },
    ),
  ),
  attribute: Opt(
    Type.String({ minLength: 1, description: 'group by this span attribute instead' }),
  ),
  label_attribute: Opt(Type.String({ description: 'attribute shown as each group label' })),
  since_ms: Opt(Type.Number({ description: 'only spans that started at or after (epoch ms)' })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 10_000 })),
  include_internal: Opt(Type.Boolean()),
})
export type GroupByQuery = Static<typeof GroupByQuery>

/** How many trace ids one group lists, newest first. */
const traceIdsPerGroup = 20

interface Group {
  value: string
  label: string
  durations: number[]
  error_count: number
  trace_ids: string[]
  first_ns: number
  last_ns: number
}

function keyOf(s: SpanRecord, q: GroupByQuery): string | undefined {
  if (q.attribute) {
    const v = s.attributes[q.attribute]
    return v === undefined || v === null ? undefined : String(v)
  }
  switch (q.by ?? 'function') {
    case 'service':
      return s.service_name
    case 'status':
      return s.status.code
    case 'route': {
      const route = s.attributes['http.route']
      return typeof route === 'string' ? route : undefined
    }
    default: {
      const fn = s.attributes['iii.function.id']
      return typeof fn === 'string' ? fn : undefined
    }
  }
}

/** Counts span `s` in its group, when it has a key under `q`. */
function addTo(groups: Map<string, Group>, s: SpanRecord, q: GroupByQuery): void {
  const key = keyOf(s, q)
  if (key === undefined) return
  let g = groups.get(key)
  if (!g) {
    const label = q.label_attribute ? s.attributes[q.label_attribute] : undefined
    g = {
      value: key,
      label: label === undefined ? key : String(label),
      durations: [],
      error_count: 0,
      trace_ids: [],
      first_ns: s.start_time_unix_nano,
      last_ns: s.start_time_unix_nano,
    }
    groups.set(key, g)
  }
  g.durations.push(s.duration_ms ?? 0)
  if (s.status.code === 'error') g.error_count++
  g.first_ns = Math.min(g.first_ns, s.start_time_unix_nano)
  g.last_ns = Math.max(g.last_ns, s.start_time_unix_nano)
  if (!g.trace_ids.includes(s.trace_id)) g.trace_ids.push(s.trace_id)
}

function rowOf(g: Group) {
  const sorted = g.durations.sort((a, b) => a - b)
  const count = sorted.length
  return {
    value: g.value,
    label: g.label,
    span_count: count,
    error_count: g.error_count,
    error_rate: count ? g.error_count / count : 0,
    p50_ms: exactQuantile(sorted, 0.5),
    p95_ms: exactQuantile(sorted, 0.95),
    p99_ms: exactQuantile(sorted, 0.99),
    duration_ms: sorted.reduce((a, b) => a + b, 0),
    first_seen_ms: Math.floor(g.first_ns / 1e6),
    last_seen_ms: Math.floor(g.last_ns / 1e6),
    trace_ids: g.trace_ids.slice(-traceIdsPerGroup).reverse(),
  }
}

/**
 * Finished spans grouped by function, service, status, route or any attribute: count, errors,
 * error rate, p50/p95/p99 and the newest trace ids of each group; groups newest first.
 */
export function groupSpans(spans: SpanRecord[], q: GroupByQuery) {
  if (q.by && q.attribute)
    throw new IIIError('deserialization_error', 'give at most one of by and attribute')
  const sinceNs = q.since_ms == null ? undefined : q.since_ms * 1e6
  const groups = new Map<string, Group>()
  const ordered = spans
    .filter((s) => !s.pending && (q.include_internal || !isInternalSpan(s)))
    .filter((s) => sinceNs === undefined || s.start_time_unix_nano >= sinceNs)
    .sort((a, b) => a.start_time_unix_nano - b.start_time_unix_nano)
  for (const s of ordered) addTo(groups, s, q)
  const rows = [...groups.values()].map(rowOf).sort((a, b) => b.last_seen_ms - a.last_seen_ms)
  return {
    by: q.attribute ? `attribute:${q.attribute}` : (q.by ?? 'function'),
    groups: rows.slice(0, q.limit ?? 100),
    total_groups: rows.length,
    storage: 'memory',
  }
}
