const severity: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17 }

type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number }
  | { doubleValue: number }

function anyValueOf(v: unknown): AnyValue {
  if (typeof v === 'string') return { stringValue: v }
  if (typeof v === 'boolean') return { boolValue: v }
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: v } : { doubleValue: v }
  return { stringValue: JSON.stringify(v) ?? String(v) }
}

/** A handler's `data`: an object's fields become attributes, anything else `data`. */
function attributesOf(data: unknown) {
  if (data === undefined) return []
  const fields =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? Object.entries(data)
      : [['data', data] as const]
  return fields.map(([key, value]) => ({ key, value: anyValueOf(value) }))
}

export interface LogLine {
  serviceName: string
  level: string
  message: string
  data?: unknown
  trace_id?: string
  span_id?: string
}

/** One log record as a `LOGS` frame (OTLP JSON logs) for the worker socket. */
export function logsFrame(line: LogLine): Buffer {
  const now = String(Date.now() * 1e6)
  const record: Record<string, unknown> = {
    timeUnixNano: now,
    observedTimeUnixNano: now,
    severityNumber: severity[line.level] ?? 9,
    severityText: line.level.toUpperCase(),
    body: { stringValue: line.message },
    attributes: attributesOf(line.data),
  }
  if (line.trace_id) record.traceId = line.trace_id
  if (line.span_id) record.spanId = line.span_id
  const body = {
    resourceLogs: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: line.serviceName } }],
        },
        scopeLogs: [{ scope: { name: 'iii-sdk' }, logRecords: [record] }],
      },
    ],
  }
  return Buffer.concat([Buffer.from('LOGS'), Buffer.from(JSON.stringify(body))])
}
