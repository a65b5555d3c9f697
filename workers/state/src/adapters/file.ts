import { join } from 'node:path'
import { type Logger, silentLogger } from '@iii/core'
import { AppendLog, checkValueDepth, encodeRecord } from '@iii/storage'
import { toStored } from '@iii/update-ops'
import type { StateChange, StateUpdateOutcome } from '../store'
import { type LegacyScopeFile, readLegacyScopeFiles, removeLegacyFiles } from './file-io'
import { MemoryStateStore } from './memory'

/** The log inside the adapter's directory. */
export const stateLogName = 'state.log'

export interface FileStateStoreOptions {
  /** Directory holding the log (`state.log`). */
  directory: string
  /** The soonest a log compaction may follow the previous one. */
  saveIntervalMs: number
  logger?: Logger
  /** Records before the log may be compacted. @default 10000 */
  compactMinRecords?: number
}

/** A log record: a value (`v` present) or a delete (no `v`). */
type StateRecord = { s: string; k: string; v?: unknown }

const isRecord = (r: unknown): r is StateRecord =>
  typeof r === 'object' &&
  r !== null &&
  typeof (r as StateRecord).s === 'string' &&
  typeof (r as StateRecord).k === 'string'

/**
 * Memory state with a write-ahead log: every change is appended to `state.log` and fsynced
 * (group commit: one fsync for all the changes that arrive together) before the call resolves,
 * so an acknowledged write survives `kill -9`. A write the disk refuses fails with
 * `STORAGE_FULL` / `STORAGE_ERROR` and is undone. The log is compacted into a snapshot once it
 * holds more than twice as many records as there are keys, at most every `saveIntervalMs`.
 */
export class FileStateStore extends MemoryStateStore {
  override readonly name = 'file'
  private log: AppendLog | undefined

  private constructor() {
    super()
  }

  /** Replays the log (and folds in scope files of the older layout), then opens it for appending. */
  static async open(options: FileStateStoreOptions): Promise<FileStateStore> {
    const store = new FileStateStore()
    const logger = options.logger ?? silentLogger
    const legacy = await readLegacyScopeFiles(options.directory, logger)
    store.load(legacy)
    const { log, recovery } = await AppendLog.open(
      {
        path: join(options.directory, stateLogName),
        kind: 'state',
        snapshot: () => store.records(),
        logger,
        compactMinRecords: options.compactMinRecords,
        compactIntervalMs: options.saveIntervalMs,
      },
      { record: (r) => store.replay(r) },
    )
    store.log = log
    if (legacy.length > 0) {
      await log.compact()
      await removeLegacyFiles(options.directory, legacy)
      logger.info('state: scope files folded into the log', { scopes: legacy.length })
    }
    logger.debug('state log replayed', {
      records: recovery.records,
      keys: store.size(),
      torn_tail: recovery.tornTail,
    })
    return store
  }

  override async set(scope: string, key: string, value: unknown): Promise<unknown> {
    checkValueDepth(value)
    const stored = toStored(value)
    const line = encodeRecord({ s: scope, k: key, v: stored })
    const old = this.put(scope, key, stored)
    await this.openLog().commit(line, () => this.restore(scope, key, old))
    return old
  }

  override async delete(scope: string, key: string): Promise<unknown> {
    const log = this.openLog()
    const old = this.remove(scope, key)
    if (old === undefined) return undefined
    await log.commit({ s: scope, k: key }, () => this.restore(scope, key, old))
    return old
  }

  override async update(
    scope: string,
    key: string,
    change: StateChange,
  ): Promise<StateUpdateOutcome> {
    const log = this.openLog()
    const outcome = this.computeUpdate({ scope, key }, change)
    checkValueDepth(outcome.new_value)
    const line = encodeRecord({ s: scope, k: key, v: outcome.new_value })
    this.put(scope, key, outcome.new_value)
    await log.commit(line, () => this.restore(scope, key, outcome.old_value))
    return outcome
  }

  /** Waits for every pending write, then closes the log. */
  override async close(): Promise<void> {
    const log = this.log
    this.log = undefined
    await log?.close()
  }

  private openLog(): AppendLog {
    if (!this.log) throw new Error('iii-state: the file store is closed')
    return this.log
  }

  private load(legacy: LegacyScopeFile[]): void {
    for (const { scope, values } of legacy)
      for (const [k, v] of Object.entries(values)) this.put(scope, k, toStored(v))
  }

  private replay(r: unknown): void {
    if (!isRecord(r)) return
    if ('v' in r) this.put(r.s, r.k, toStored(r.v))
    else this.remove(r.s, r.k)
  }

  private *records(): Iterable<StateRecord> {
    for (const [s, values] of this.scopes) for (const [k, v] of values) yield { s, k, v }
  }
}
