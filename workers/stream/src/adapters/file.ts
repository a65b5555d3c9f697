import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type Logger, silentLogger } from '@iii/core'
import { MemoryStreamStore } from './memory'

/** The file inside `file_path` (a directory) that holds every item. */
export const streamFileName = 'streams.json'

export interface FileStoreOptions {
  /** Directory for the snapshot. */
  filePath: string
  /** Flush period while there are unsaved writes. */
  saveIntervalMs: number
  logger?: Logger
}

/** On-disk shape: one row per item, values as JSON text, so no key is ever interpreted. */
interface Snapshot {
  version: 1
  items: [stream: string, group: string, item: string, json: string][]
}

/**
 * Memory semantics plus a snapshot file: written atomically (temp file, fsync, rename) every
 * `saveIntervalMs` when something changed, and on close, so a clean shutdown loses nothing.
 */
export class FileStreamStore extends MemoryStreamStore {
  override readonly name = 'file'
  private dirty = false
  private saving: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined

  private constructor(private readonly options: FileStoreOptions) {
    super(options.logger ?? silentLogger)
  }

  /** Loads the snapshot, if any, and starts the flush timer. A corrupt file is an error, not an empty store. */
  static async open(options: FileStoreOptions): Promise<FileStreamStore> {
    const store = new FileStreamStore(options)
    await mkdir(options.filePath, { recursive: true })
    await store.load()
    store.timer = setInterval(() => void store.flush(), options.saveIntervalMs)
    store.timer.unref()
    return store
  }

  /** Writes the snapshot now when there are unsaved changes. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving
    if (!this.dirty) return
    this.dirty = false
    this.saving = this.save()
      .catch((err) => {
        this.dirty = true
        this.logger.error('stream file flush failed; will retry', { err, file_path: this.options.filePath })
      })
      .finally(() => {
        this.saving = undefined
      })
    await this.saving
  }

  override async close(): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
    await super.close()
    if (this.dirty) throw new Error(`stream file ${this.file} could not be written on close; recent writes are lost`)
  }

  protected override changed(): void {
    this.dirty = true
  }

  private get file(): string {
    return join(this.options.filePath, streamFileName)
  }

  private async load(): Promise<void> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    const snapshot = parseSnapshot(text, this.file)
    for (const [stream, group, item, json] of snapshot.items) {
      const groups = this.tree.get(stream) ?? new Map<string, Map<string, string>>()
      this.tree.set(stream, groups)
      const items = groups.get(group) ?? new Map<string, string>()
      groups.set(group, items)
      items.set(item, json)
    }
  }

  private async save(): Promise<void> {
    const snapshot: Snapshot = { version: 1, items: [] }
    for (const [stream, groups] of this.tree)
      for (const [group, items] of groups) for (const [item, json] of items) snapshot.items.push([stream, group, item, json])
    const temp = `${this.file}.${process.pid}.tmp`
    const handle = await open(temp, 'w')
    try {
      await handle.writeFile(JSON.stringify(snapshot))
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await rename(temp, this.file)
    } catch (err) {
      await rm(temp, { force: true })
      throw err
    }
  }
}

function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new Error(`${file}: not a stream snapshot (${(err as Error).message})`)
  }
  if (!isSnapshot(value)) throw new Error(`${file}: not a stream snapshot (version 1 expected)`)
  return value
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null || !('version' in value) || !('items' in value)) return false
  const rowOk = (row: unknown) => Array.isArray(row) && row.length === 4 && row.every((x) => typeof x === 'string')
  return value.version === 1 && Array.isArray(value.items) && value.items.every(rowOk)
}
