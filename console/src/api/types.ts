/** Row shapes of the engine functions the pages read (PROTOCOL.md §10, BUILTINS.md). */
export interface WorkerRow {
  id: string
  name: string
  description: string
  version: string
  runtime: string
  os: string
  status: string
  namespace: string
  function_count: number
  connected_at_ms: number
  active_invocations: number
  ip_address: string
  pid?: number
}

export interface FunctionRow {
  function_id: string
  namespace: string
  worker_name: string
  description?: string
  metadata?: Record<string, unknown>
}

export interface FunctionDetail extends FunctionRow {
  request_schema?: unknown
  response_schema?: unknown
  registered_triggers: { id: string; trigger_type: string; config: unknown }[]
}

export interface SpanRow {
  trace_id: string
  span_id: string
  parent_span_id?: string
  name: string
  service_name: string
  start_time_unix_nano: number
  end_time_unix_nano?: number
  duration_ms?: number
  status?: { code: string; message?: string }
  attributes?: Record<string, unknown>
  events?: { name: string; time_unix_nano?: number; attributes?: Record<string, unknown> }[]
  pending?: boolean
  children?: SpanRow[]
}

export interface LogRow {
  timestamp_unix_nano: number
  severity_text: string
  severity_number: number
  body: unknown
  trace_id?: string
  span_id?: string
  service_name?: string
  attributes?: Record<string, unknown>
}

export interface Metrics {
  engine_metrics: {
    'iii.invocations.total': number
    'iii.invocation.errors.total': number
    'iii.workers.active': number
    by_function?: Record<
      string,
      { invocations: number; errors: number; avg_ms: number; max_ms: number }
    >
  }
  timestamp: number
}
