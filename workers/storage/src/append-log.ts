import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { type Logger, silentLogger } from '@iii/core'
import { encodeRecord } from './encode'
import { type LogFile, openLogFile, writeSnapshot } from './log-file'
import { quarantineFile } from './quarantine'
import { type LogHeader, readLog } from './read-log'
import { toStorageError } from './storage-errors'

/** Defaults of `AppendLog` (every file adapter's write-ahead log). */
export const appendLogDefaults = {
  /** The log may be compacted once it holds this many records… */
  compactMinRecords: 10_000,
  /** …and more than this many records per live one. */
  compactRatio: 2,
  /** The soonest a compaction may follow the previous one (or a failed attempt). */
  compactIntervalMs: 1000,
} as const

export interface AppendLogOptions {
  /** The log file. */
  path: string
  /** What the file holds (`state`, `stream`, `queue`), written in its header and checked on open. */
  kind: string
  /** Every live record (for compaction); reflects every change appended so far. */
  snapshot: () => Iterable<object>
  logger?: Logger
  /** @default appendLogDefaults.compactMinRecords */
  compactMinRecords?: number
  /** @default appendLogDefaults.compactRatio */
  compactRatio?: number
  /** @default appendLogDefaults.compactIntervalMs */
  compactIntervalMs?: number
}

/** What opening a log recovered, for the adapter's start-up log line. */
export interface LogRecovery {
  records: number
  /** A torn last record (a crash mid-append) was dropped. */
  tornTail: boolean
  /** Unreadable lines in the middle (reported; the records after them were replayed). */
  badLines: number[]
  /** Where a corrupt file was moved (`<name>.corrupt-<timestamp>`), when it was. */
  quarantinedAs?: string
}

/** Receives the records of a log being opened. */
export interface LogReplay {
  /** Each readable record, in order. */
  record(record: unknown): void
  /** After the last record, before a fresh snapshot may be taken (`snapshot()` must see them). */
  done?(): void
}

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/** Records appended since the last write began, with the callers waiting on them. */
interface Batch {
  lines: string[]
  undos: (() => void)[]
  waiters: Waiter[]
}

const emptyBatch = (): Batch => ({ lines: [], undos: [], waiters: [] })

/**
 * A JSON-lines write-ahead log with group commit. Records appended while a write is in flight are
 * written together and fsynced once; `commit()` resolves only after the fsync that covers its
 * record. A write that fails (ENOSPC, EIO, a failed fsync) is cut off the file again (truncated
 * back to the last good record), every caller of it and of the records queued behind it is
 * rejected with `STORAGE_FULL` / `STORAGE_ERROR`, and their changes are undone newest first; the
 * next commit tries again, so the log recovers by itself once the disk does.
 *
 * Compaction replaces the file by a snapshot of the live records (temp file, fsync, rename,
 * directory fsync) once the log has grown past `compactRatio` × the live records.
 */
export class AppendLog {
  private batch: Batch = emptyBatch()
  private inflight: Promise<void> | undefined
  private records = 0
  private nextCompactAt = 0
  private closed = false

  private constructor(
    private readonly options: AppendLogOptions,
    private file: LogFile,
    private readonly logger: Logger,
  ) {}

  /**
   * Replays the log into `onRecord`, then opens it for appending. A torn last record is dropped
   * with a warning; a corrupt file (bad lines in the middle, an emptied file) is quarantined, an
   * error names it and what was recovered, and a fresh log is written from the readable records.
   */
  static async open(
    options: AppendLogOptions,
    replay: LogReplay,
  ): Promise<{ log: AppendLog; recovery: LogRecovery }> {
    const logger = options.logger ?? silentLogger
    await mkdir(dirname(options.path), { recursive: true })
    await rm(`${options.path}.compact`, { force: true })
    const readout = await readLog(options.path, options.kind)
    for (const record of readout.records) replay.record(record)
    replay.done?.()
    const recovery: LogRecovery = {
      records: readout.records.length,
      tornTail: readout.tornTail,
      badLines: readout.badLines,
    }
    const corrupt = readout.badLines.length > 0 || readout.badHeader !== undefined
    if (corrupt) {
      recovery.quarantinedAs = await quarantineFile(options.path)
      logger.error(
        'storage: corrupt file quarantined; starting with the records that could be read',
        {
          file: options.path,
          quarantined_as: recovery.quarantinedAs,
          recovered_records: readout.records.length,
          bad_lines: readout.badLines.slice(0, 20).join(',') || undefined,
          reason: readout.badHeader ?? `${readout.badLines.length} unreadable line(s)`,
        },
      )
    } else if (readout.tornTail) {
      logger.warn(
        'storage: dropped a torn last record (a crash mid-write; it was never acknowledged)',
        {
          file: options.path,
          dropped: 1,
        },
      )
    }
    const header: LogHeader = { iii_log: 1, kind: options.kind }
    // A fresh, a legacy (headerless) or a recovered log is rewritten as a snapshot with a header.
    const rewrite = corrupt || !readout.hadHeader
    const file = rewrite
      ? await writeSnapshot(options.path, header, options.snapshot())
      : await openLogFile(options.path, readout.goodBytes)
    const log = new AppendLog(options, file, logger)
    log.records = rewrite ? file.records : readout.records.length
    return { log, recovery }
  }

  /**
   * Appends one record (or several, as one change) and resolves once it is on disk. `undo` reverts the caller's in-memory
   * change; it runs (newest first) when the write fails, before the returned promise rejects.
   * A record that cannot be encoded is refused at once (nothing queued, nothing to undo).
   */
  commit(records: object | string | (object | string)[], undo?: () => void): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the log ${this.options.path} is closed`))
    const lines = (Array.isArray(records) ? records : [records]).map((r) =>
      typeof r === 'string' ? r : encodeRecord(r),
    )
    return new Promise((resolve, reject) => {
      this.batch.lines.push(...lines)
      if (undo) this.batch.undos.push(undo)
      this.batch.waiters.push({ resolve, reject })
      this.inflight ??= this.drain()
    })
  }

  /** Resolves once every record committed so far has been written (or failed). */
  async flush(): Promise<void> {
    while (this.inflight) await this.inflight
  }

  /** Rewrites the log as a snapshot of the live records now; rejects with a storage error. */
  async compact(): Promise<void> {
    await this.flush()
    const run = this.writeCompacted([...this.options.snapshot()])
    this.inflight = run.then(
      () => this.restartDrain(),
      () => this.restartDrain(),
    )
    try {
      await run
    } catch (err) {
      throw toStorageError(err, this.options.path)
    }
  }

  /** Waits for pending writes, then closes the file. Later commits reject. */
  async close(): Promise<void> {
    this.closed = true
    await this.flush()
    await this.file.handle.close()
  }

  private async drain(): Promise<void> {
    // Let every call of this turn of the event loop join the first write.
    await new Promise<void>((resolve) => setImmediate(resolve))
    while (this.batch.lines.length > 0) {
      const batch = this.batch
      this.batch = emptyBatch()
      try {
        this.records += await this.file.append(batch.lines)
        for (const w of batch.waiters) w.resolve()
      } catch (err) {
        this.fail(batch, err)
      }
      if (this.batch.lines.length === 0) await this.maybeCompact()
    }
    this.inflight = undefined
  }

  /** Rejects the failed batch and everything queued behind it, undoing their changes newest first. */
  private fail(batch: Batch, err: unknown): void {
    const later = this.batch
    this.batch = emptyBatch()
    const error = toStorageError(err, this.options.path)
    this.logger.error('storage: write failed; the changes were refused and undone', {
      file: this.options.path,
      code: error.code,
      refused: batch.lines.length + later.lines.length,
      reason: (err as Error).message,
    })
    for (const undo of [...batch.undos, ...later.undos].reverse()) undo()
    for (const w of [...batch.waiters, ...later.waiters]) w.reject(error)
  }

  private async maybeCompact(): Promise<void> {
    const o = this.options
    const min = o.compactMinRecords ?? appendLogDefaults.compactMinRecords
    if (this.records <= min || Date.now() < this.nextCompactAt) return
    this.nextCompactAt = Date.now() + (o.compactIntervalMs ?? appendLogDefaults.compactIntervalMs)
    // Taken synchronously while nothing is queued: the snapshot holds exactly what is on disk.
    const live = [...o.snapshot()]
    if (this.records <= live.length * (o.compactRatio ?? appendLogDefaults.compactRatio)) return
    try {
      await this.writeCompacted(live)
    } catch (err) {
      this.logger.warn('storage: log compaction failed; the log keeps growing until it succeeds', {
        file: o.path,
        reason: (err as Error).message,
      })
    }
  }

  private async writeCompacted(live: object[]): Promise<void> {
    const next = await writeSnapshot(
      this.options.path,
      { iii_log: 1, kind: this.options.kind },
      live,
    )
    await this.file.handle.close().catch(() => {})
    this.file = next
    this.records = next.records
  }

  private restartDrain(): Promise<void> | undefined {
    this.inflight = undefined
    if (this.batch.lines.length > 0) this.inflight = this.drain()
    return undefined
  }
}
