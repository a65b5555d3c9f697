import { rm } from 'node:fs/promises'
import type { Logger } from '@iii/core'
import type { StateUpdateOptions, StateUpdateOutcome } from '../store'
import type { UpdateOp } from '../update-ops/index'
import { toStored } from '../update-ops/values'
import { readScopeFiles, scopeFile, writeAtomic } from './file-io'
import { MemoryStateStore } from './memory'

export interface FileStateStoreOptions {
  /** Directory holding one JSON file per scope. */
  directory: string
  /** Flush period. */
  saveIntervalMs: number
  logger?: Logger
}

/**
 * Memory state persisted to a directory: changed scopes are written every `saveIntervalMs`
 * and on `close()` (the engine's graceful shutdown), each atomically (temp file + rename).
 * A crash may lose the writes of the last interval; a clean stop loses nothing.
 */
export class FileStateStore extends MemoryStateStore {
  override readonly name = 'file'
  private readonly dirty = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<void> = Promise.resolve()
  private closed = false

  private constructor(private readonly options: FileStateStoreOptions) {
    super()
  }

  /** Loads every scope file, then starts the flush timer. */
  static async open(options: FileStateStoreOptions): Promise<FileStateStore> {
    const store = new FileStateStore(options)
    for (const { scope, values } of await readScopeFiles(options.directory)) {
      store.scopes.set(scope, new Map(Object.entries(values).map(([k, v]) => [k, toStored(v)])))
    }
    store.timer = setInterval(() => void store.flush(), options.saveIntervalMs)
    store.timer.unref()
    return store
  }

  protected override changed(scope: string): void {
    this.dirty.add(scope)
  }

  override async set(scope: string, key: string, value: unknown): Promise<unknown> {
    this.assertOpen()
    return super.set(scope, key, value)
  }

  override async delete(scope: string, key: string): Promise<unknown> {
    this.assertOpen()
    return super.delete(scope, key)
  }

  override async update(scope: string, key: string, ops: UpdateOp[], options?: StateUpdateOptions): Promise<StateUpdateOutcome> {
    this.assertOpen()
    return super.update(scope, key, ops, options)
  }

  /** Writes every changed scope; flushes run one after another. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeDirty())
    return this.flushing
  }

  /** Stops the timer and writes what is left; throws when something could not be written. */
  override async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    await this.flush()
    if (this.dirty.size > 0) throw new Error(`iii-state: ${this.dirty.size} scope(s) could not be written to ${this.options.directory}`)
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('iii-state: the file store is closed')
  }

  private async writeDirty(): Promise<void> {
    const scopes = [...this.dirty]
    this.dirty.clear()
    for (const scope of scopes) {
      const file = scopeFile(this.options.directory, scope)
      try {
        const values = this.scopes.get(scope)
        if (values) await writeAtomic(file, JSON.stringify({ scope, values: Object.fromEntries(values) }))
        else await rm(file, { force: true })
      } catch (err) {
        this.dirty.add(scope)
        this.options.logger?.warn('state flush failed; retrying at the next interval', { scope, err: (err as Error).message })
      }
    }
  }
}
