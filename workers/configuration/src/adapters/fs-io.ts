import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { StoredEntry } from '../store'

const entryFileName = /^([a-z0-9_-]{1,64})\.yaml$/

/** The file of an entry: `<id>.yaml` in the directory. */
export const entryFile = (directory: string, id: string): string => join(directory, `${id}.yaml`)

/** The id a file name stands for, or `undefined` for any other file (temp files included). */
export const idOfFile = (name: string): string | undefined => entryFileName.exec(name)?.[1]

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** An entry as YAML: `name`, `description`, `schema`, then `value` and `metadata` when present. */
export function serializeEntry(entry: StoredEntry): string {
  const doc: Record<string, unknown> = {
    name: entry.name,
    description: entry.description,
    schema: entry.schema,
  }
  if (entry.value !== undefined) doc.value = entry.value
  if (entry.metadata !== undefined) doc.metadata = entry.metadata
  return stringifyYaml(doc)
}

/** Reads one entry file; throws with the reason when it is not YAML or not an entry document. */
export function parseEntry(id: string, text: string): StoredEntry {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    throw new Error(`not valid YAML: ${(err as Error).message}`)
  }
  if (!isMapping(doc))
    throw new Error('expected a mapping with name, description, schema and value')
  const { name, description, schema, value, metadata } = doc
  if (typeof name !== 'string') throw new Error('name must be a string')
  if (description !== undefined && typeof description !== 'string')
    throw new Error('description must be a string')
  if (!isMapping(schema)) throw new Error('schema must be a mapping (a JSON Schema object)')
  if (metadata !== undefined && metadata !== null && !isMapping(metadata))
    throw new Error('metadata must be a mapping')
  const entry: StoredEntry = { id, name, description: description ?? '', schema, value }
  if (isMapping(metadata)) entry.metadata = metadata
  return entry
}

/** The text of a file, or `undefined` when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/** The ids of every entry file in `directory` (created when missing), sorted. */
export async function listEntryIds(directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true })
  return (await readdir(directory)).flatMap((name) => idOfFile(name) ?? []).sort()
}
