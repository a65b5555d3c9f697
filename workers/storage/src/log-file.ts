import { type FileHandle, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { encodeRecord } from './encode'
import type { LogHeader } from './read-log'
import { syncDirectory } from './write-atomic'
import { writeFully } from './write-fully'

/** Snapshot records are written in chunks of about this many bytes. */
const chunkBytes = 1 << 20

/**
 * An open log file that only grows by whole, fsynced batches: `size` is the end of the last good
 * record, and a failed append is cut off again before it rejects.
 */
export class LogFile {
  /** Set when a failed append could not be cut off; the next append cuts it first. */
  private dirtyTail = false

  constructor(
    readonly handle: FileHandle,
    private size: number,
    /** Records written when the file was opened or snapshotted. */
    readonly records: number,
  ) {}

  /** Writes every line at the end, fdatasyncs once, and returns the number of lines. */
  async append(lines: string[]): Promise<number> {
    if (this.dirtyTail) {
      await this.handle.truncate(this.size)
      this.dirtyTail = false
    }
    const data = Buffer.from(lines.join(''), 'utf8')
    try {
      await writeFully(this.handle, data, this.size)
      await this.handle.datasync()
    } catch (err) {
      // Nothing half-written may stay: the next record would be glued onto it.
      await this.handle.truncate(this.size).catch(() => {
        this.dirtyTail = true
      })
      throw err
    }
    this.size += data.length
    return lines.length
  }
}

/** Opens an existing log for appending after `goodBytes`, cutting off a torn tail. */
export async function openLogFile(path: string, goodBytes: number): Promise<LogFile> {
  const handle = await open(path, 'r+')
  const { size } = await handle.stat()
  if (size > goodBytes) {
    await handle.truncate(goodBytes)
    await handle.datasync()
  }
  return new LogFile(handle, goodBytes, 0)
}

/**
 * Replaces the log at `path` with `header` + `records` (temp file, fsync, rename, directory fsync)
 * and returns it open for appending. On failure the old log is untouched and the temp file removed.
 */
export async function writeSnapshot(
  path: string,
  header: LogHeader,
  records: Iterable<object>,
): Promise<LogFile> {
  const temp = `${path}.compact`
  let count = 0
  let size = 0
  try {
    const out = await open(temp, 'w')
    try {
      let chunk: string[] = [`${JSON.stringify(header)}\n`]
      let chunkLength = chunk[0]?.length ?? 0
      const flushChunk = async () => {
        const data = Buffer.from(chunk.join(''), 'utf8')
        await writeFully(out, data, size)
        size += data.length
        chunk = []
        chunkLength = 0
      }
      for (const record of records) {
        const line = encodeRecord(record)
        chunk.push(line)
        chunkLength += line.length
        count++
        if (chunkLength >= chunkBytes) await flushChunk()
      }
      await flushChunk()
      await out.sync()
    } finally {
      await out.close()
    }
    await rename(temp, path)
    await syncDirectory(dirname(path))
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {})
    throw err
  }
  return new LogFile(await open(path, 'r+'), size, count)
}
