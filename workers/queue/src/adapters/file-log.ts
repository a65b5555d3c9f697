import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { type FileHandle, open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'

export const appendLogDefaults = {
  /** Rewrite the log as a snapshot once it holds this many records… */
  compactMinRecords: 10_000,
  /** …and more than this many records per live one. */
  compactRatio: 2,
} as const

export interface AppendLogOptions {
  path: string
  /** Every live record, for compaction; reflects every change appended so far. */
  snapshot: () => object[]
  compactMinRecords?: number
}

interface Batch {
  promise: Promise<void>
  resolve: () => void
  reject: (err: unknown) => void
}

function batch(): Batch {
  let resolve!: () => void
  let reject!: (err: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/**
 * A JSON-lines log with group commit: records appended in the same tick are written together and
 * fsynced once, and `sync()` resolves only after the fsync that covers every earlier record.
 * Past a size threshold the log is replaced by a snapshot (write, fsync, rename, fsync dir).
 */
export class AppendLog {
  private pending: string[] = []
  private next: Batch | undefined
  private inflight: Promise<void> | undefined
  private records = 0

  private constructor(
    private readonly options: AppendLogOptions,
    private handle: FileHandle,
  ) {}

  /** Reads the existing records (a torn last line from a crash is dropped), then opens for append. */
  static async open(options: AppendLogOptions, onRecord: (record: unknown) => void): Promise<{ log: AppendLog; dropped: number }> {
    mkdirSync(dirname(options.path), { recursive: true })
    rmSync(`${options.path}.tmp`, { force: true })
    let dropped = 0
    let count = 0
    if (existsSync(options.path)) {
      for (const line of readFileSync(options.path, 'utf8').split('\n')) {
        if (line === '') continue
        try {
          onRecord(JSON.parse(line))
          count++
        } catch {
          dropped++ // only an unacknowledged, half-written record can be torn
        }
      }
    }
    const log = new AppendLog(options, await open(options.path, 'a'))
    log.records = count
    return { log, dropped }
  }

  append(record: object): void {
    this.pending.push(`${JSON.stringify(record)}\n`)
  }

  /** Resolves once every record appended so far is on disk. */
  sync(): Promise<void> {
    if (this.pending.length === 0) return this.inflight ?? Promise.resolve()
    const next = this.next ?? batch()
    if (!this.next) {
      this.next = next
      if (!this.inflight) this.inflight = this.drain()
    }
    return next.promise
  }

  async close(): Promise<void> {
    await this.sync()
    await this.handle.close()
  }

  private async drain(): Promise<void> {
    while (this.next) {
      const current = this.next
      this.next = undefined
      const lines = this.pending.splice(0)
      try {
        await this.write(lines)
        current.resolve()
      } catch (err) {
        current.reject(err)
      }
    }
    this.inflight = undefined
  }

  private async write(lines: string[]): Promise<void> {
    const min = this.options.compactMinRecords ?? appendLogDefaults.compactMinRecords
    if (this.records + lines.length > min) {
      const live = this.options.snapshot()
      if (this.records + lines.length > live.length * appendLogDefaults.compactRatio) return this.compact(live)
    }
    await this.handle.write(lines.join(''))
    await this.handle.datasync()
    this.records += lines.length
  }

  private async compact(live: object[]): Promise<void> {
    const tmp = `${this.options.path}.tmp`
    const out = await open(tmp, 'w')
    try {
      await out.write(live.map((r) => `${JSON.stringify(r)}\n`).join(''))
      await out.sync()
    } finally {
      await out.close()
    }
    await rename(tmp, this.options.path)
    const dir = await open(dirname(this.options.path), 'r')
    await dir.sync().finally(() => dir.close())
    await this.handle.close()
    this.handle = await open(this.options.path, 'a')
    this.records = live.length
  }
}
