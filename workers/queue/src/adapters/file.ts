import { join } from 'node:path'
import type { Logger } from '@iii/core'
import { AppendLog, encodeRecord } from '@iii/storage'
import { MemoryQueueStore } from './memory'
import type { Entry } from './memory-state'

export const fileQueueStoreDefaults = {
  /** BUILTINS.md §9 */
  filePath: './data/queue',
} as const

export interface FileQueueStoreOptions {
  /** Directory of the log. @default './data/queue' */
  filePath?: string
  logger?: Logger
  /** Records before the log may be compacted. @default 10000 */
  compactMinRecords?: number
}

type LogRecord = { p: Entry } | { d: [string, string] } | { i: [string, string, number] }

/**
 * The `file` adapter: the memory store plus a write-ahead log. Every change is fsynced before the
 * call that made it resolves, so a job acknowledged to its producer survives `kill -9`; on start
 * the log is replayed and leased jobs are redelivered once their leases expire (§9.4).
 */
export class FileQueueStore extends MemoryQueueStore {
  override readonly name: string = 'file'
  private log: AppendLog | undefined
  /** Records of the change being made, committed together by `commit()`. */
  private staged: (object | string)[] = []

  /** Opens (or creates) the store in `filePath` and replays its log. */
  static async open(options: FileQueueStoreOptions = {}): Promise<FileQueueStore> {
    const store = new FileQueueStore()
    await store.load(options)
    return store
  }

  override async close(): Promise<void> {
    await this.log?.close()
    this.log = undefined
  }

  protected override saved(entry: Entry): void {
    // Encoded now: the entry object keeps changing in memory after this change.
    this.staged.push(encodeRecord({ p: entry }))
  }

  protected override removed(queue: string, messageId: string): void {
    this.staged.push({ d: [queue, messageId] })
  }

  protected override setIdempotency(key: string, messageId: string, expiresAt: number): void {
    super.setIdempotency(key, messageId, expiresAt)
    this.staged.push({ i: [key, messageId, expiresAt] })
  }

  protected override commit(undo?: () => void): Promise<void> {
    const records = this.staged
    this.staged = []
    if (!this.log) return Promise.reject(new Error('the file queue store is closed'))
    if (records.length === 0) return this.log.flush()
    return this.log.commit(records, undo)
  }

  private async load(options: FileQueueStoreOptions): Promise<void> {
    const entries = new Map<string, Entry>()
    const idem = new Map<string, { messageId: string; expiresAt: number }>()
    const { log } = await AppendLog.open(
      {
        path: join(options.filePath ?? fileQueueStoreDefaults.filePath, 'queue.log'),
        kind: 'queue',
        snapshot: () => this.snapshot(),
        logger: options.logger,
        compactMinRecords: options.compactMinRecords,
        compactIntervalMs: 0,
      },
      {
        record: (r) => applyRecord(r as LogRecord, entries, idem),
        done: () => this.restore(entries, idem),
      },
    )
    this.log = log
  }

  /** Places the replayed entries and live idempotency keys. */
  private restore(
    entries: Map<string, Entry>,
    idem: Map<string, { messageId: string; expiresAt: number }>,
  ): void {
    const now = Date.now()
    for (const [key, v] of idem) if (v.expiresAt > now) this.idempotency.set(key, v)
    const sorted = [...entries.values()].sort(
      (a, b) => (a.failed_at ?? 0) - (b.failed_at ?? 0) || a.seq - b.seq,
    )
    for (const e of sorted) {
      this.place(e)
      this.seq = Math.max(this.seq, e.seq + 1)
    }
  }

  private snapshot(): object[] {
    const out: object[] = []
    for (const s of this.queues.values()) for (const e of s.ids.values()) out.push({ p: e })
    const now = Date.now()
    for (const [key, v] of this.idempotency)
      if (v.expiresAt > now) out.push({ i: [key, v.messageId, v.expiresAt] })
    return out
  }
}

function applyRecord(
  r: LogRecord,
  entries: Map<string, Entry>,
  idem: Map<string, { messageId: string; expiresAt: number }>,
): void {
  if ('p' in r) entries.set(`${r.p.job.queue}\u0000${r.p.job.message_id}`, r.p)
  else if ('d' in r) entries.delete(`${r.d[0]}\u0000${r.d[1]}`)
  else if ('i' in r) idem.set(r.i[0], { messageId: r.i[1], expiresAt: r.i[2] })
}
