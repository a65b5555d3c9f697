import { execFileSync } from 'node:child_process'
import {
  closeSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A small tmpfs mounted for a full-disk test. */
export interface Tmpfs {
  /** The mount point. */
  readonly dir: string
  /** Writes a filler file until the disk is full (ENOSPC), then gives back `leaveBytes` (page-rounded). */
  fill(leaveBytes?: number): void
  /** Removes the filler file: the space is back. */
  free(): void
  /** Unmounts and removes the mount point. */
  unmount(): void
}

/**
 * Mounts a tmpfs of `sizeBytes` (root only). Resolves `{ skip }` with the reason when mounting is
 * not permitted here, so a test can skip with a clear message instead of failing.
 */
export function mountTmpfs(sizeBytes: number): Tmpfs | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iii-tmpfs-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], {
      stdio: 'pipe',
    })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    const reason = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message
    return {
      skip: `cannot mount a tmpfs for the full-disk test (needs root and mount permission): ${reason}`,
    }
  }
  const filler = join(dir, 'filler')
  return {
    dir,
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'a')
      const chunk = Buffer.alloc(4096, 0x78)
      try {
        for (;;) writeSync(fd, chunk)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
      } finally {
        closeSync(fd)
      }
      if (leaveBytes > 0)
        truncateSync(
          filler,
          Math.max(0, statSync(filler).size - Math.ceil(leaveBytes / 4096) * 4096),
        )
    },
    free() {
      rmSync(filler, { force: true })
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
