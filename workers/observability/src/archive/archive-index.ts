/** One segment file as the index knows it. */
export interface Segment {
  seq: number
  bytes: number
  spans: number
  /** Latest span end in the segment (epoch ms); 0 while empty. */
  lastMs: number
  traceIds: Set<string>
}

/** Which segments hold which traces, and the archive's size; segments oldest first. */
export class ArchiveIndex {
  readonly segments: Segment[] = []
  private readonly byTrace = new Map<string, Set<number>>()
  private bytes = 0

  addSegment(seq: number): Segment {
    const segment: Segment = { seq, bytes: 0, spans: 0, lastMs: 0, traceIds: new Set() }
    this.segments.push(segment)
    return segment
  }

  /** Records one line of `bytes` in `segment`. */
  add(segment: Segment, line: { traceId: string; endMs: number; bytes: number }): void {
    segment.bytes += line.bytes
    segment.spans++
    this.bytes += line.bytes
    if (line.endMs > segment.lastMs) segment.lastMs = line.endMs
    segment.traceIds.add(line.traceId)
    let seqs = this.byTrace.get(line.traceId)
    if (!seqs) {
      seqs = new Set()
      this.byTrace.set(line.traceId, seqs)
    }
    seqs.add(segment.seq)
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
      const seqs = this.byTrace.get(id)
      seqs?.delete(segment.seq)
      if (seqs?.size === 0) this.byTrace.delete(id)
    }
  }

  /** Sequence numbers of the segments that hold spans of `traceId`. */
  segmentsOf(traceId: string): number[] {
    return [...(this.byTrace.get(traceId) ?? [])]
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
