import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@iii/core'
import { quarantineFile } from '@iii/storage'

/** One scope file of the layout before the write-ahead log: `<sha256-prefix>.json`. */
export interface LegacyScopeFile {
  file: string
  scope: string
  values: Record<string, unknown>
}

const legacyName = /^[0-9a-f]{40}\.json$/

function parseScopeFile(text: string): { scope: string; values: Record<string, unknown> } {
  const doc: unknown = JSON.parse(text)
  if (typeof doc === 'object' && doc !== null && 'scope' in doc && 'values' in doc) {
    const { scope, values } = doc
    if (
      typeof scope === 'string' &&
      typeof values === 'object' &&
      values !== null &&
      !Array.isArray(values)
    ) {
      return { scope, values: Object.fromEntries(Object.entries(values)) }
    }
  }
  throw new Error('not a state file (expected {scope, values})')
}

/**
 * The scope files an older version wrote into `directory`. They are folded into the log once
 * and then removed. A file that cannot be read is quarantined (`.corrupt-<timestamp>`) with an
 * error naming it, and the rest still load.
 */
export async function readLegacyScopeFiles(
  directory: string,
  logger: Logger,
): Promise<LegacyScopeFile[]> {
  await mkdir(directory, { recursive: true })
  const out: LegacyScopeFile[] = []
  for (const name of (await readdir(directory)).filter((n) => legacyName.test(n)).sort()) {
    const file = join(directory, name)
    try {
      out.push({ file, ...parseScopeFile(await readFile(file, 'utf8')) })
    } catch (err) {
      const quarantinedAs = await quarantineFile(file)
      logger.error(
        'state: corrupt scope file quarantined; its scope starts empty, every other scope loads',
        {
          file,
          quarantined_as: quarantinedAs,
          reason: (err as Error).message,
        },
      )
    }
  }
  return out
}

/** Removes folded-in scope files and temp files a crash of an older version left. */
export async function removeLegacyFiles(
  directory: string,
  legacy: LegacyScopeFile[],
): Promise<void> {
  for (const { file } of legacy) await rm(file, { force: true })
  for (const name of await readdir(directory))
    if (name.endsWith('.tmp')) await rm(join(directory, name), { force: true })
}
