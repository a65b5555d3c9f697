import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

export const settleDefaults = {
  /** Two reads this far apart must agree before a changed file is used. */
  settleMs: 200,
  /** Reads before giving up on a file that keeps changing (the next change event tries again). */
  maxReads: 10,
} as const

/** Why a reload did not read the file: it is empty or still being written. */
export class UnsettledFileError extends Error {
  override readonly name = 'UnsettledFileError'
}

/**
 * Reads a config file once it has stopped changing: two reads `settleMs` apart must return the
 * same text. An empty (or blank) file is never taken as a config: editors truncate a file and
 * then write it, and that moment must not look like "no workers".
 */
export async function readSettled(
  file: string,
  options: Partial<typeof settleDefaults> = {},
): Promise<string> {
  const settleMs = options.settleMs ?? settleDefaults.settleMs
  const maxReads = options.maxReads ?? settleDefaults.maxReads
  let text = await readFile(file, 'utf8')
  for (let i = 1; i < maxReads; i++) {
    await sleep(settleMs)
    const again = await readFile(file, 'utf8')
    if (again === text) {
      if (text.trim() === '')
        throw new UnsettledFileError(
          'the file is empty (an editor mid-save?); the running config stays',
        )
      return text
    }
    text = again
  }
  throw new UnsettledFileError(
    `the file kept changing for ${maxReads} reads; the running config stays until it settles`,
  )
}
