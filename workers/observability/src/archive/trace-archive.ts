import type { FileHandle } from 'node:fs/promises'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@iii/core'
import type { TraceStorageConfig } from '../config'
import type { SpanRecord } from '../span-store'
import { ArchiveIndex, type Segment } from './archive-index'
import {
  dropTail,
  encodeLine,
  openSegment,
  readSpans,
  scanSegment,
  segmentName,
  seqOf,
} from './segment-file'

/** Buffered lines are written once they reach this many bytes, or at the flush interval. */
const flushAtBytes = 256 * 1024

export interface TraceArchiveOptions {
  config: TraceStorageConfig
  logger: Logger
}

/**
 * The on-disk archive of finished spans: append-only segment files, rotated by size, dropped by
 * age and total size (BUILTINS.md §10 `trace_storage`). Lines are buffered and written in the
 * background; a crash loses at most the last `flush_interval_ms` of spans, and the torn tail it
 * may leave is cut off at the next start.
 */
export class TraceArchive {
  private readonly index = new ArchiveIndex()
  private active!: Segment
  private handle: FileHandle | undefined
  /** Sequence of the file `handle` writes; segments before it are complete on disk. */
  private openSeq = 0
  private buffer: string[] = []
  private bufferedBytes = 0
  private chain: Promise<void> = Promise.resolve()
  private readonly timers: ReturnType<typeof setInterval>[] = []
  private readonly directory: string
  private readonly segmentMaxBytes: number

  private constructor(private readonly options: TraceArchiveOptions) {
    this.directory = options.config.directory
    const { max_disk_bytes: max, segment_max_bytes: seg } = options.config
    // A segment is at most a quarter of the budget, so dropping whole segments keeps within it.
    this.segmentMaxBytes = Math.max(1024, Math.min(seg, Math.floor(max / 4)))
  }

  /** Opens (or creates) the archive, cutting torn tails; never throws for a damaged segment. */
  static async open(options: TraceArchiveOptions): Promise<TraceArchive> {
    const archive = new TraceArchive(options)
    await archive.recover()
    await archive.enforceRetention()
    archive.startTimers()
    return archive
  }

  /** Queues a finished span for writing. */
  append(span: SpanRecord): void {
    const line = encodeLine(span)
    if (line === undefined) return
    // Counted in UTF-16 units here; `write` adds what multi-byte characters take beyond that.
    const bytes = line.length
    this.buffer.push(line)
    this.bufferedBytes += bytes
    const endMs = Math.floor((span.end_time_unix_nano ?? span.start_time_unix_nano) / 1e6)
    this.index.add(this.active, { traceId: span.trace_id, endMs, bytes })
    if (this.active.bytes >= this.segmentMaxBytes) this.rotate()
    else if (this.bufferedBytes >= flushAtBytes) void this.flush()
  }

  /** Writes every queued line; resolves when they are in the file. */
  flush(): Promise<void> {
    const segment = this.active
    const data = this.take()
    if (data) this.enqueue(() => this.write(data, segment))
    return this.chain
  }

  /** Archived spans of the given traces. */
  async lookup(traceIds: Iterable<string>): Promise<SpanRecord[]> {
    const wanted = new Set([...traceIds].filter((id) => this.index.has(id)))
    if (wanted.size === 0) return []
    await this.flush()
    const seqs = new Set([...wanted].flatMap((id) => this.index.segmentsOf(id)))
    const out: SpanRecord[] = []
    for (const seq of [...seqs].sort((a, b) => a - b))
      out.push(...(await this.readSegment(seq, wanted)))
    return out
  }

  /**
   * Archived spans that ended at or after `fromMs`, newest segments first, leaving out the traces
   * in `exclude` (already in memory); at most `maxBytes` of segments are read per query.
   */
  async since(fromMs: number, exclude: Set<string>, maxBytes = 64 * 1024 ** 2) {
    await this.flush()
    const out: SpanRecord[] = []
    let read = 0
    for (const segment of [...this.index.segments].reverse()) {
      if (segment.spans === 0 || segment.lastMs < fromMs) continue
      if (read + segment.bytes > maxBytes) break
      read += segment.bytes
      for (const span of await this.readSegment(segment.seq))
        if (!exclude.has(span.trace_id) && (span.end_time_unix_nano ?? 0) / 1e6 >= fromMs)
          out.push(span)
    }
    return out
  }

  /** Up to about `maxSpans` of the newest archived spans, oldest first (to refill memory). */
  async recent(maxSpans: number): Promise<SpanRecord[]> {
    await this.flush()
    const chunks: SpanRecord[][] = []
    let count = 0
    for (const segment of [...this.index.segments].reverse()) {
      if (count >= maxSpans) break
      if (segment.spans === 0) continue
      const spans = await this.readSegment(segment.seq)
      chunks.unshift(spans)
      count += spans.length
    }
    const all = chunks.flat()
    return all.slice(Math.max(0, all.length - maxSpans))
  }

  /** Deletes every segment. */
  async clear(): Promise<void> {
    this.take()
    this.enqueue(async () => {
      await this.closeHandle()
      for (const segment of [...this.index.segments]) await this.removeFile(segment.seq)
      const next = this.active.seq + 1
      this.index.clear()
      await this.startSegment(next)
    })
    await this.chain
  }

  async close(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t)
    await this.flush()
    this.enqueue(() => this.closeHandle())
    await this.chain
  }

  /** Counts for `engine::health::check`. */
  stats() {
    return {
      directory: this.directory,
      segments: this.index.segments.length,
      bytes: this.index.totalBytes,
      spans: this.index.totalSpans,
    }
  }

  private async recover(): Promise<void> {
    await mkdir(this.directory, { recursive: true })
    const seqs = (await readdir(this.directory))
      .map(seqOf)
      .filter((s): s is number => s !== undefined)
      .sort((a, b) => a - b)
    for (const [i, seq] of seqs.entries()) await this.recoverSegment(seq, i === seqs.length - 1)
    await this.startSegment((seqs.at(-1) ?? 0) + 1)
  }

  private async recoverSegment(seq: number, newest: boolean): Promise<void> {
    const path = join(this.directory, segmentName(seq))
    try {
      const scan = await scanSegment(path, newest)
      if (scan.goodBytes < scan.totalBytes) {
        await dropTail(path, scan.goodBytes)
        this.options.logger.warn('trace archive: dropped a torn segment tail', {
          segment: segmentName(seq),
          dropped_bytes: scan.totalBytes - scan.goodBytes,
        })
      }
      if (scan.heads.length === 0) return void (await rm(path, { force: true }))
      const segment = this.index.addSegment(seq)
      for (const h of scan.heads) this.index.add(segment, { ...h, bytes: 0 })
      this.index.addBytes(segment, scan.goodBytes)
    } catch (err) {
      this.options.logger.warn('trace archive: segment unreadable; skipped', {
        segment: segmentName(seq),
        err: (err as Error).message,
      })
    }
  }

  private async startSegment(seq: number): Promise<void> {
    this.active = this.index.addSegment(seq)
    await this.openFile(seq)
  }

  private async openFile(seq: number): Promise<void> {
    this.handle = await openSegment(this.directory, seq)
    this.openSeq = seq
  }

  private rotate(): void {
    const segment = this.active
    const data = this.take()
    const next = this.active.seq + 1
    this.enqueue(async () => {
      if (data) await this.write(data, segment)
      await this.closeHandle()
      await this.openFile(next)
    })
    this.active = this.index.addSegment(next)
    this.enqueue(() => this.enforceRetention())
  }

  /** Drops the oldest closed segments past the age or size limit. */
  private async enforceRetention(): Promise<void> {
    const { retention_seconds: retentionS, max_disk_bytes: maxBytes } = this.options.config
    const cutoffMs = Date.now() - retentionS * 1000
    const tooOld = (s: Segment) => s.spans > 0 && s.lastMs < cutoffMs
    if (this.active.spans > 0 && tooOld(this.active) && this.buffer.length === 0) this.rotate()
    while (this.index.segments.length > 1) {
      const oldest = this.index.segments[0] as Segment
      // A segment whose file is not written yet waits for the next pass.
      if (oldest === this.active || oldest.seq >= this.openSeq) break
      if (this.index.totalBytes <= maxBytes && !tooOld(oldest) && oldest.spans > 0) break
      this.index.remove(oldest)
      await this.removeFile(oldest.seq)
    }
  }

  private startTimers(): void {
    const { flush_interval_ms: flushMs, retention_seconds: retentionS } = this.options.config
    const retentionMs = Math.min(60_000, Math.max(1000, (retentionS * 1000) / 2))
    this.timers.push(
      setInterval(() => void this.flush(), flushMs),
      setInterval(() => this.enqueue(() => this.enforceRetention()), retentionMs),
    )
    for (const t of this.timers) t.unref?.()
  }

  private take(): string {
    if (this.buffer.length === 0) return ''
    const data = this.buffer.join('')
    this.buffer = []
    this.bufferedBytes = 0
    return data
  }

  private async write(data: string, segment: Segment): Promise<void> {
    const extra = Buffer.byteLength(data) - data.length
    if (extra > 0) this.index.addBytes(segment, extra)
    await this.handle?.write(data)
  }

  private async readSegment(seq: number, traceIds?: Set<string>): Promise<SpanRecord[]> {
    try {
      return await readSpans(join(this.directory, segmentName(seq)), traceIds)
    } catch (err) {
      this.options.logger.warn('trace archive: segment unreadable', {
        segment: segmentName(seq),
        err: (err as Error).message,
      })
      return []
    }
  }

  private async removeFile(seq: number): Promise<void> {
    await rm(join(this.directory, segmentName(seq)), { force: true })
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle
    this.handle = undefined
    if (!handle) return
    await handle.sync().catch(() => {})
    await handle.close()
  }

  /** Runs `task` after every earlier one; a failure is logged and does not stop later tasks. */
  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((err: Error) =>
      this.options.logger.warn('trace archive: write failed; spans stay in memory only', {
        err: err.message,
      }),
    )
  }
}
