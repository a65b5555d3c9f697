import { randomUUID } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { toStorageError } from './storage-errors'
import { writeFully } from './write-fully'

/** fsyncs a directory, so a rename or a new file in it survives a crash. */
export async function syncDirectory(directory: string): Promise<void> {
  const dir = await open(directory, 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}

/**
 * Replaces `file` with `text` so that a crash leaves the old file or the new one, never a mix:
 * a temp file next to it is written (every byte), fsynced and renamed over it, then the
 * directory is fsynced. Fails with `STORAGE_FULL` / `STORAGE_ERROR`; the temp file is removed.
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`
  try {
    const handle = await open(temp, 'w')
    try {
      await writeFully(handle, Buffer.from(text, 'utf8'), 0)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
    await syncDirectory(dirname(file))
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {})
    throw toStorageError(err, file)
  }
}
