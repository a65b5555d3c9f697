import { type LogEntry, severityText } from './log-store'
import type { SpanRecord } from './span-store'

type Attr = { key?: string; value?: AnyValue }
type AnyValue = {
  stringValue?: string
  boolValue?: boolean
  intValue?: string | number
  doubleValue?: number
  bytesValue?: string
  arrayValue?: { values?: AnyValue[] }
  kvlistValue?: { values?: Attr[] }
}

/** An OTLP AnyValue → plain JSON. */
export function decodeValue(v: AnyValue | undefined): unknown {
  if (!v) return null
  if (v.stringValue !== undefined) return v.stringValue
  if (v.boolValue !== undefined) return v.boolValue
  if (v.intValue !== undefined) return Number(v.intValue)
  if (v.doubleValue !== undefined) return v.doubleValue
  if (v.bytesValue !== undefined) return v.bytesValue
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(decodeValue)
  if (v.kvlistValue) return decodeAttributes(v.kvlistValue.values)
  return null
}

export function decodeAttributes(attrs: Attr[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const a of attrs ?? []) if (typeof a.key === 'string') out[a.key] = decodeValue(a.value)
  return out
}

/** Trace and span ids arrive as hex (the SDKs' JSON) or base64 (the protobuf JSON mapping). */
export function decodeId(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return undefined
  if (/^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase()
  const hex = Buffer.from(id, 'base64').toString('hex')
  return hex === '' || /^0+$/.test(hex) ? undefined : hex
}

const nanos = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0
const spanKinds = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']
const statusCodes = ['unset', 'ok', 'error'] as const

const serviceOf = (resource: Record<string, unknown>, fallback: string) =>
  typeof resource['service.name'] === 'string' ? (resource['service.name'] as string) : fallback

/** Parses an OTLP-JSON trace export (`OTLP` frames); malformed parts are skipped. */
export function parseTraces(json: unknown, fallbackService: string): SpanRecord[] {
  const out: SpanRecord[] = []
  for (const rs of (json as { resourceSpans?: unknown[] })?.resourceSpans ?? []) {
    const r = rs as {
      resource?: { attributes?: Attr[] }
      scopeSpans?: { spans?: Record<string, unknown>[] }[]
    }
    const service = serviceOf(decodeAttributes(r.resource?.attributes), fallbackService)
    for (const ss of r.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const traceId = decodeId(s.traceId)
        const spanId = decodeId(s.spanId)
        if (!traceId || !spanId || typeof s.name !== 'string') continue
        const start = nanos(s.startTimeUnixNano)
        const end = nanos(s.endTimeUnixNano)
        const status = s.status as { code?: number; message?: string } | undefined
        const record: SpanRecord = {
          trace_id: traceId,
          span_id: spanId,
          name: s.name,
          kind: spanKinds[Number(s.kind ?? 0)] ?? 'unspecified',
          service_name: service,
          start_time_unix_nano: start,
          end_time_unix_nano: end || undefined,
          duration_ms: end ? (end - start) / 1e6 : undefined,
          status: {
            code: statusCodes[Number(status?.code ?? 0)] ?? 'unset',
            message: status?.message || undefined,
          },
          attributes: decodeAttributes(s.attributes as Attr[]),
          events: ((s.events as Record<string, unknown>[]) ?? []).map((e) => ({
            name: String(e.name ?? ''),
            time_unix_nano: nanos(e.timeUnixNano),
            attributes: decodeAttributes(e.attributes as Attr[]),
          })),
        }
        const parent = decodeId(s.parentSpanId)
        if (parent) record.parent_span_id = parent
        out.push(record)
      }
    }
  }
  return out
}

/** Parses an OTLP-JSON log export (`LOGS` frames). */
export function parseLogs(json: unknown, fallbackService: string): LogEntry[] {
  const out: LogEntry[] = []
  for (const rl of (json as { resourceLogs?: unknown[] })?.resourceLogs ?? []) {
    const r = rl as {
      resource?: { attributes?: Attr[] }
      scopeLogs?: {
        scope?: { name?: string; version?: string }
        logRecords?: Record<string, unknown>[]
      }[]
    }
    const resource = decodeAttributes(r.resource?.attributes)
    for (const sl of r.scopeLogs ?? []) {
      for (const l of sl.logRecords ?? []) {
        const time = nanos(l.timeUnixNano) || nanos(l.observedTimeUnixNano) || Date.now() * 1e6
        const severity = Number(l.severityNumber ?? 9)
        out.push({
          timestamp_unix_nano: time,
          observed_timestamp_unix_nano: nanos(l.observedTimeUnixNano) || time,
          severity_number: severity,
          severity_text:
            typeof l.severityText === 'string' && l.severityText
              ? l.severityText
              : severityText(severity),
          body: decodeValue(l.body as AnyValue),
          attributes: decodeAttributes(l.attributes as Attr[]),
          trace_id: decodeId(l.traceId),
          span_id: decodeId(l.spanId),
          resource,
          service_name: serviceOf(resource, fallbackService),
          instrumentation_scope_name: sl.scope?.name,
          instrumentation_scope_version: sl.scope?.version,
        })
      }
    }
  }
  return out
}

/** The latest value of every metric in an OTLP-JSON metrics export (`MTRC` frames). */
export function parseMetrics(
  json: unknown,
): { name: string; value: number; attributes: Record<string, unknown> }[] {
  const out: { name: string; value: number; attributes: Record<string, unknown> }[] = []
  for (const rm of (json as { resourceMetrics?: unknown[] })?.resourceMetrics ?? []) {
    for (const sm of (rm as { scopeMetrics?: { metrics?: Record<string, unknown>[] }[] })
      .scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const data = (m.gauge ?? m.sum) as { dataPoints?: Record<string, unknown>[] } | undefined
        for (const p of data?.dataPoints ?? []) {
          const value = p.asDouble ?? p.asInt
          if (typeof m.name === 'string' && value !== undefined) {
            out.push({
              name: m.name,
              value: Number(value),
              attributes: decodeAttributes(p.attributes as Attr[]),
            })
          }
        }
      }
    }
  }
  return out
}
