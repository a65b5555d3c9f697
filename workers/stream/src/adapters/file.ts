import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type Logger, silentLogger } from '@iii/core'
import { AppendLog, checkValueDepth, encodeRecord, quarantineFile } from '@iii/storage'
import type { UpdateOp } from '@iii/update-ops'
import type { DeleteResult, ItemKey, SetResult, UpdateResult } from '../store'
import { MemoryStreamStore, withOld } from './memory'

/** The log inside `file_path` (a directory) that holds every item. */
export const streamLogName = 'streams.log'
/** The snapshot file of the layout before the log; folded into the log once, then removed. */
export const legacyStreamFileName = 'streams.json'

export interface FileStoreOptions {
  /** Directory for the log. */
  filePath: string
  /** The soonest a log compaction may follow the previous one. */
  saveIntervalMs: number
  logger?: Logger
  /** Records before the log may be compacted. @default 10000 */
  compactMinRecords?: number
}

/** A log record: an item's JSON text (`j`) or, without `j`, its deletion. */
type StreamRecord = { t: string; g: string; i: string; j?: string }

const isRecord = (r: unknown): r is StreamRecord =>
  typeof r === 'object' &&
  r !== null &&
  ['t', 'g', 'i'].every((k) => typeof (r as Record<string, unknown>)[k] === 'string')

const keyOf = (r: StreamRecord): ItemKey => ({ stream: r.t, group: r.g, item: r.i })
const recordOf = (key: ItemKey, text?: string): StreamRecord =>
  text === undefined
    ? { t: key.stream, g: key.group, i: key.item }
    : { t: key.stream, g: key.group, i: key.item, j: text }

/**
 * Memory semantics plus a write-ahead log: every change is appended to `streams.log` and fsynced
 * (group commit) before the call resolves, so an acknowledged write survives `kill -9`. A write
 * the disk refuses fails with `STORAGE_FULL` / `STORAGE_ERROR` and is undone; the log is compacted
 * into a snapshot once it holds more than twice as many records as items.
 */
export class FileStreamStore extends MemoryStreamStore {
  override readonly name = 'file'
  private log: AppendLog | undefined

  private constructor(logger: Logger) {
    super(logger)
  }

  /** Replays the log (folding in an older `streams.json`); a corrupt file is quarantined, never fatal. */
  static async open(options: FileStoreOptions): Promise<FileStreamStore> {
    const logger = options.logger ?? silentLogger
    const store = new FileStreamStore(logger)
    const legacy = join(options.filePath, legacyStreamFileName)
    const folded = await store.loadLegacy(legacy)
    const { log } = await AppendLog.open(
      {
        path: join(options.filePath, streamLogName),
        kind: 'stream',
        snapshot: () => store.records(),
        logger,
        compactMinRecords: options.compactMinRecords,
        compactIntervalMs: options.saveIntervalMs,
      },
      { record: (r) => store.replay(r) },
    )
    store.log = log
    if (folded) {
      await log.compact()
      await rm(legacy, { force: true })
    }
    return store
  }

  override async set(key: ItemKey, value: unknown): Promise<SetResult> {
    checkValueDepth(value)
    const text = JSON.stringify(value === undefined ? null : value)
    const line = encodeRecord(recordOf(key, text))
    const log = this.openLog()
    const old = this.putText(key, text)
    await log.commit(line, () => this.restoreText(key, old))
    return withOld(old, JSON.parse(text))
  }

  override async delete(key: ItemKey): Promise<DeleteResult> {
    const log = this.openLog()
    const old = this.removeText(key)
    if (old === undefined) return {}
    await log.commit(recordOf(key), () => this.restoreText(key, old))
    return { old_value: JSON.parse(old) }
  }

  override async update(key: ItemKey, ops: UpdateOp[]): Promise<UpdateResult> {
    const log = this.openLog()
    const { text, old, result } = this.computeUpdate(key, ops)
    checkValueDepth(result.new_value)
    const line = encodeRecord(recordOf(key, text))
    this.putText(key, text)
    await log.commit(line, () => this.restoreText(key, old))
    return withOld(old, result.new_value, result.errors)
  }

  override async close(): Promise<void> {
    const log = this.log
    this.log = undefined
    await log?.close()
    await super.close()
  }

  private openLog(): AppendLog {
    if (!this.log) throw new Error('the stream file store is closed')
    return this.log
  }

  private replay(r: unknown): void {
    if (!isRecord(r)) return
    if (r.j === undefined) this.removeText(keyOf(r))
    else this.putText(keyOf(r), r.j)
  }

  private *records(): Iterable<StreamRecord> {
    for (const [t, groups] of this.tree)
      for (const [g, items] of groups) for (const [i, j] of items) yield { t, g, i, j }
  }

  /** Loads `streams.json` of the older layout; true when there was one to fold in. */
  private async loadLegacy(file: string): Promise<boolean> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw err
    }
    const rows = legacyRows(text)
    if (!rows) {
      const quarantinedAs = await quarantineFile(file)
      this.logger.error('stream: corrupt snapshot quarantined; starting with the log alone', {
        file,
        quarantined_as: quarantinedAs,
      })
      return false
    }
    for (const [stream, group, item, json] of rows) this.putText({ stream, group, item }, json)
    return true
  }
}

type LegacyRow = [stream: string, group: string, item: string, json: string]

/** The rows of a version-1 `streams.json`, or `undefined` when it is not one. */
function legacyRows(text: string): LegacyRow[] | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || !('version' in value) || !('items' in value))
    return undefined
  const rowOk = (row: unknown): row is LegacyRow =>
    Array.isArray(row) && row.length === 4 && row.every((x) => typeof x === 'string')
  return value.version === 1 && Array.isArray(value.items) && value.items.every(rowOk)
    ? value.items
    : undefined
}
