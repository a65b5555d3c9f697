export type OutputStream = 'stdout' | 'stderr' | 'exec'

export interface LogLine {
  seq: number
  at_ms: number
  stream: OutputStream
  line: string
}

/** The last `capacity` output lines of a process, numbered so readers can follow (`since`). */
export class LogBuffer {
  private readonly lines: LogLine[] = []
  private seq = 0

  constructor(private readonly capacity: number) {}

  push(stream: OutputStream, line: string): LogLine {
    const entry = { seq: ++this.seq, at_ms: Date.now(), stream, line }
    this.lines.push(entry)
    if (this.lines.length > this.capacity) this.lines.shift()
    return entry
  }

  /** Lines after `since` (a `seq`), at most the last `limit`. */
  read(options: { since?: number; limit: number }): { lines: LogLine[]; next_seq: number } {
    const since = options.since ?? 0
    const after = this.lines.filter((l) => l.seq > since)
    return { lines: after.slice(-options.limit), next_seq: this.seq }
  }

  /** The last lines of one stream, for error messages. */
  tail(stream: OutputStream, count: number): string[] {
    return this.lines
      .filter((l) => l.stream === stream)
      .slice(-count)
      .map((l) => l.line)
  }
}

/** Splits a byte stream into lines, each capped at `maxLineBytes`. */
export class LineSplitter {
  private pending = ''

  constructor(
    private readonly maxLineBytes: number,
    private readonly emit: (line: string) => void,
  ) {}

  write(chunk: string): void {
    const parts = (this.pending + chunk).split('\n')
    this.pending = parts.pop() ?? ''
    for (const part of parts) this.emit(this.cap(part.replace(/\r$/, '')))
    if (Buffer.byteLength(this.pending) > this.maxLineBytes) {
      this.emit(this.cap(this.pending))
      this.pending = ''
    }
  }

  end(): void {
    if (this.pending) this.emit(this.cap(this.pending))
    this.pending = ''
  }

  private cap(line: string): string {
    if (Buffer.byteLength(line) <= this.maxLineBytes) return line
    return `${Buffer.from(line).subarray(0, this.maxLineBytes).toString()}… [line truncated]`
  }
}
