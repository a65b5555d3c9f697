/** One segment file as the index knows it. */
export interface Segment {
  seq: number
  bytes: number
  spans: number
  /** Latest span end in the segment (epoch ms); 0 while empty. */
  lastMs: number
  /** Each trace with spans in this segment, once. */
  traceIds: string[]
}

/** Which segments hold which traces, and the archive's size; segments oldest first. */
export class ArchiveIndex {
  readonly segments: Segment[] = []
  /** Trace id → the segment holding its spans, or the segments when there are several. */
  private readonly byTrace = new Map<string, number | number[]>()
  private bytes = 0

  addSegment(seq: number): Segment {
    const segment: Segment = { seq, bytes: 0, spans: 0, lastMs: 0, traceIds: [] }
    this.segments.push(segment)
    return segment
  }

  /** Records one line of `bytes` in `segment`. */
  add(segment: Segment, line: { traceId: string; endMs: number; bytes: number }): void {
    segment.bytes += line.bytes
    segment.spans++
    this.bytes += line.bytes
    if (line.endMs > segment.lastMs) segment.lastMs = line.endMs
    // Most traces sit in one segment: a number, not a collection, keeps the hot path cheap.
    const held = this.byTrace.get(line.traceId)
    if (held === segment.seq || (Array.isArray(held) && held.includes(segment.seq))) return
    if (held === undefined) this.byTrace.set(line.traceId, segment.seq)
    else if (Array.isArray(held)) held.push(segment.seq)
    else this.byTrace.set(line.traceId, [held, segment.seq])
    segment.traceIds.push(line.traceId)
  }

  /** Counts bytes of a recovered segment (its lines were added with 0 bytes). */
  addBytes(segment: Segment, bytes: number): void {
    segment.bytes += bytes
    this.bytes += bytes
  }

  remove(segment: Segment): void {
    const at = this.segments.indexOf(segment)
    if (at >= 0) this.segments.splice(at, 1)
    this.bytes -= segment.bytes
    for (const id of segment.traceIds) {
      const held = this.byTrace.get(id)
      if (!Array.isArray(held)) {
        if (held === segment.seq) this.byTrace.delete(id)
        continue
      }
      const rest = held.filter((seq) => seq !== segment.seq)
      if (rest.length === 0) this.byTrace.delete(id)
      else this.byTrace.set(id, rest.length === 1 ? (rest[0] as number) : rest)
    }
  }

  /** Sequence numbers of the segments that hold spans of `traceId`. */
  segmentsOf(traceId: string): number[] {
    const held = this.byTrace.get(traceId)
    return held === undefined ? [] : Array.isArray(held) ? [...held] : [held]
  }

  has(traceId: string): boolean {
    return this.byTrace.has(traceId)
  }

  get totalBytes(): number {
    return this.bytes
  }

  get totalSpans(): number {
    return this.segments.reduce((n, s) => n + s.spans, 0)
  }

  clear(): void {
    this.segments.length = 0
    this.byTrace.clear()
    this.bytes = 0
  }
}
