import { type FSWatcher, watch } from 'node:fs'
import { rm } from 'node:fs/promises'
import { isDeepStrictEqual } from 'node:util'
import type { Logger } from '@iii/core'
import { writeAtomic } from '@iii/storage'
import { configurationDefaults } from '../config'
import { type AcceptEdit, copyEntry, type ExternalChange, type StoredEntry } from '../store'
import {
  entryFile,
  idOfFile,
  listEntryIds,
  parseEntry,
  readIfExists,
  serializeEntry,
} from './fs-io'
import { MemoryConfigurationStore } from './memory'

export interface FsConfigurationStoreOptions {
  /** Directory holding one `<id>.yaml` per entry; created when missing. */
  directory: string
  /** Quiet time before an edited file is read. @default 500 */
  debounceMs?: number
  /** Decides whether an external edit is applied. @default accept every edit that parses */
  accept?: AcceptEdit
  logger?: Logger
}

/**
 * Entries kept in memory and written through to one YAML file each (temp file + rename), so
 * every acknowledged change is on disk. The directory is watched: a file edited, added or
 * removed by hand is applied once `accept` passes it and reported to the `watch` listener; a
 * refused edit is logged as a warning and the entry stays as it was.
 */
export class FsConfigurationStore extends MemoryConfigurationStore {
  override readonly name = 'fs'
  /** The text each file had when this store last wrote or applied it: anything else is an edit. */
  private readonly known = new Map<string, string>()
  /** Writes started and still running per id, so an edit read while the store wrote is read again. */
  private readonly writes = new Map<string, number>()
  private readonly inFlight = new Map<string, number>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly listeners: ((change: ExternalChange) => void)[] = []
  private watcher: FSWatcher | undefined
  private closed = false

  private constructor(private readonly options: FsConfigurationStoreOptions) {
    super()
  }

  /** Loads every entry file (skipping, with a warning, those that are not entries), then watches. */
  static async open(options: FsConfigurationStoreOptions): Promise<FsConfigurationStore> {
    const store = new FsConfigurationStore(options)
    for (const id of await listEntryIds(options.directory)) {
      const file = entryFile(options.directory, id)
      const text = await readIfExists(file)
      if (text === undefined) continue
      store.known.set(id, text)
      try {
        store.entries.set(id, parseEntry(id, text))
      } catch (err) {
        options.logger?.warn('configuration file skipped', { file, reason: (err as Error).message })
      }
    }
    store.watcher = watch(options.directory, (_event, name) => {
      const id = name === null ? undefined : idOfFile(name)
      if (id !== undefined) store.schedule(id)
    })
    store.watcher.on('error', (err) =>
      options.logger?.warn('configuration directory watch failed', { err: err.message }),
    )
    return store
  }

  override async put(entry: StoredEntry): Promise<StoredEntry | undefined> {
    this.assertOpen()
    const text = serializeEntry(entry)
    return this.writing(entry.id, async () => {
      await writeAtomic(entryFile(this.options.directory, entry.id), text)
      this.known.set(entry.id, text)
      return super.put(entry)
    })
  }

  override async delete(id: string): Promise<StoredEntry | undefined> {
    this.assertOpen()
    return this.writing(id, async () => {
      await rm(entryFile(this.options.directory, id), { force: true })
      this.known.delete(id)
      return super.delete(id)
    })
  }

  override watch(listener: (change: ExternalChange) => void): void {
    this.listeners.push(listener)
  }

  override async close(): Promise<void> {
    this.closed = true
    this.watcher?.close()
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the fs configuration store is closed')
  }

  /** Runs a write of `id`; edits read meanwhile are read again afterwards. */
  private async writing<T>(id: string, write: () => Promise<T>): Promise<T> {
    this.writes.set(id, (this.writes.get(id) ?? 0) + 1)
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1)
    try {
      return await write()
    } finally {
      this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1)
    }
  }

  private schedule(id: string): void {
    if (this.closed) return
    clearTimeout(this.timers.get(id))
    const timer = setTimeout(() => {
      this.timers.delete(id)
      this.readEdit(id).catch((err: Error) =>
        this.options.logger?.warn('configuration file read failed', { id, err: err.message }),
      )
    }, this.options.debounceMs ?? configurationDefaults.watchDebounceMs)
    this.timers.set(id, timer)
  }

  private async readEdit(id: string): Promise<void> {
    const version = this.writes.get(id)
    const text = await readIfExists(entryFile(this.options.directory, id))
    // The store wrote while the file was read: what was read may be stale, so read again.
    if (this.writes.get(id) !== version || (this.inFlight.get(id) ?? 0) > 0)
      return this.schedule(id)
    if (this.closed || text === this.known.get(id)) return
    if (text === undefined) return this.applyEdit(id, undefined, undefined)
    let next: StoredEntry
    try {
      next = parseEntry(id, text)
    } catch (err) {
      return this.refuse(id, (err as Error).message)
    }
    const previous = this.entries.get(id)
    if (previous && isDeepStrictEqual(previous, next)) {
      this.known.set(id, text)
      return
    }
    const reason = this.options.accept?.(next)
    if (reason !== undefined) return this.refuse(id, reason)
    this.applyEdit(id, next, text)
  }

  private applyEdit(id: string, next: StoredEntry | undefined, text: string | undefined): void {
    const previous = this.entries.get(id)
    if (next) this.entries.set(id, next)
    else this.entries.delete(id)
    if (text === undefined) this.known.delete(id)
    else this.known.set(id, text)
    if (!previous && !next) return
    const change: ExternalChange = { id }
    if (previous) change.previous = copyEntry(previous)
    if (next) change.next = copyEntry(next)
    for (const listener of this.listeners) listener(change)
  }

  private refuse(id: string, reason: string): void {
    this.options.logger?.warn('configuration file edit rejected; the previous entry stays', {
      file: entryFile(this.options.directory, id),
      reason,
    })
  }
}
