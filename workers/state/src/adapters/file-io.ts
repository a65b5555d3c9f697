import { createHash, randomUUID } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'

/** One scope as it sits on disk. */
export interface ScopeFile {
  scope: string
  values: Record<string, unknown>
}

/** The file of a scope: named by a hash, so any scope name is a safe file name. */
export const scopeFile = (directory: string, scope: string): string =>
  join(directory, `${createHash('sha256').update(scope).digest('hex').slice(0, 40)}.json`)

/** Writes through a temp file, fsync and rename, so a crash leaves the old file or the new one. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`
  try {
    const handle = await open(temp, 'w')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
}

function parseScopeFile(file: string, text: string): ScopeFile {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new Error(`iii-state: ${file} is not valid JSON: ${(err as Error).message}`)
  }
  if (typeof doc === 'object' && doc !== null && 'scope' in doc && 'values' in doc) {
    const { scope, values } = doc
    if (typeof scope === 'string' && typeof values === 'object' && values !== null && !Array.isArray(values)) {
      return { scope, values: Object.fromEntries(Object.entries(values)) }
    }
  }
  throw new Error(`iii-state: ${file} is not a state file (expected {scope, values})`)
}

/** Every scope file in `directory` (created when missing); leftover temp files are ignored. */
export async function readScopeFiles(directory: string): Promise<ScopeFile[]> {
  await mkdir(directory, { recursive: true })
  const names = (await readdir(directory)).filter((n) => n.endsWith('.json')).sort()
  const files: ScopeFile[] = []
  for (const name of names) {
    const file = join(directory, name)
    files.push(parseScopeFile(file, await readFile(file, 'utf8')))
  }
  return files
}
