/** An OTel log record as stored, listed and delivered to `log` triggers (BUILTINS.md §10). */
export interface LogEntry {
  timestamp_unix_nano: number
  observed_timestamp_unix_nano: number
  severity_number: number
  severity_text: string
  body: unknown
  attributes: Record<string, unknown>
  trace_id?: string
  span_id?: string
  resource: Record<string, unknown>
  service_name: string
  instrumentation_scope_name?: string
  instrumentation_scope_version?: string
}

export const severityNumbers: Record<string, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
}

/** Severity text of an OTel severity number (1–24). */
export function severityText(n: number): string {
  if (n >= 21) return 'FATAL'
  if (n >= 17) return 'ERROR'
  if (n >= 13) return 'WARN'
  if (n >= 9) return 'INFO'
  if (n >= 5) return 'DEBUG'
  return 'TRACE'
}

/** A bounded, time-limited log buffer. */
export class LogStore {
  private entries: LogEntry[] = []

  constructor(
    private maxCount: number,
    private retentionMs: number,
  ) {}

  add(entry: LogEntry): void {
    this.entries.push(entry)
    if (this.entries.length > this.maxCount)
      this.entries.splice(0, this.entries.length - this.maxCount)
  }

  /** Entries still within retention, oldest first. */
  list(now = Date.now()): LogEntry[] {
    const cutoff = (now - this.retentionMs) * 1e6
    // Records can arrive out of order (SDK batches), so every entry is checked.
    if (this.entries.some((e) => e.timestamp_unix_nano < cutoff))
      this.entries = this.entries.filter((e) => e.timestamp_unix_nano >= cutoff)
    return this.entries
  }

  clear(): void {
    this.entries = []
  }
}
