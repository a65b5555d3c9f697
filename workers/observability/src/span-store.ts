/** One span as stored and returned by `engine::traces::*`. */
export interface SpanRecord {
  trace_id: string
  span_id: string
  parent_span_id?: string
  name: string
  kind: string
  service_name: string
  start_time_unix_nano: number
  end_time_unix_nano?: number
  duration_ms?: number
  status: { code: 'unset' | 'ok' | 'error'; message?: string }
  attributes: Record<string, unknown>
  events: { name: string; time_unix_nano: number; attributes: Record<string, unknown> }[]
  /** True while the span is still open. */
  pending?: boolean
}

/**
 * Spans grouped by trace, bounded by `maxSpans`: the oldest traces are evicted first. A pending
 * span is replaced by its finished version.
 */
export class SpanStore {
  private readonly traces = new Map<string, Map<string, SpanRecord>>()
  private count = 0

  constructor(private maxSpans: number) {}

  setLimit(maxSpans: number): void {
    this.maxSpans = maxSpans
    this.evict()
  }

  upsert(span: SpanRecord): void {
    let spans = this.traces.get(span.trace_id)
    if (!spans) {
      spans = new Map()
      this.traces.set(span.trace_id, spans)
    }
    if (!spans.has(span.span_id)) this.count++
    spans.set(span.span_id, span)
    this.evict()
  }

  trace(traceId: string): SpanRecord[] {
    return [...(this.traces.get(traceId)?.values() ?? [])]
  }

  all(): SpanRecord[] {
    const out: SpanRecord[] = []
    for (const spans of this.traces.values()) for (const s of spans.values()) out.push(s)
    return out
  }

  get size(): number {
    return this.count
  }

  clear(): void {
    this.traces.clear()
    this.count = 0
  }

  private evict(): void {
    while (this.count > this.maxSpans) {
      const oldest = this.traces.keys().next()
      if (oldest.done) return
      this.count -= this.traces.get(oldest.value)?.size ?? 0
      this.traces.delete(oldest.value)
    }
  }
}
