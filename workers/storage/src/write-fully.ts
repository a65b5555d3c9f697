import type { FileHandle } from 'node:fs/promises'

/**
 * Writes all of `data` at `position`. A write may take fewer bytes than asked with no error (a
 * filling disk does that); the rest is written again until every byte is in, or a write throws.
 */
export async function writeFully(
  handle: FileHandle,
  data: Buffer,
  position: number,
): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(
      data,
      offset,
      data.length - offset,
      position + offset,
    )
    if (bytesWritten <= 0) throw Object.assign(new Error('write took 0 bytes'), { code: 'EIO' })
    offset += bytesWritten
  }
}
