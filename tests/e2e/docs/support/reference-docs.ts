import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where each name was found: `BUILTINS.md:123`. */
export type Places = Map<string, string[]>

const referenceDir = join(import.meta.dirname, '../../../../docs/reference')

/** The reference pages that name functions, workers and config keys (errors.md is generated). */
export const referencePages = [
  'BUILTINS.md',
  'PROTOCOL.md',
  'config.md',
  'cli.md',
  'wire-protocol.md',
] as const

const readPage = (page: string): string[] =>
  readFileSync(join(referenceDir, page), 'utf8').split('\n')

const add = (places: Places, name: string, where: string): void => {
  const list = places.get(name) ?? []
  list.push(where)
  places.set(name, list)
}

const isPlanned = (line: string): boolean => /\bplanned\b/i.test(line)

/**
 * `a::b::c`, or `::c` after one. Globs (`state::*`) and placeholders (`{prefix}::{id}`) are not
 * ids; a last segment `{x,y}` names `a::b::x` and `a::b::y`.
 */
const functionIdToken =
  /`([A-Za-z][A-Za-z0-9_-]*(?:::[A-Za-z0-9_.-]+)*::(?:[A-Za-z0-9_.-]+|\{[a-z0-9_,]+\})|::[A-Za-z0-9_.-]+)`/g

/** `a::{x,y}` → `a::x`, `a::y`; anything else as it is. */
const expand = (id: string): string[] => {
  const braces = /^(.*::)\{([^}]+)\}$/.exec(id)
  return braces ? (braces[2] as string).split(',').map((last) => `${braces[1]}${last}`) : [id]
}

/**
 * Every function or trigger-type id named in backticks. `engine::workers::list` / `::info`
 * names `engine::workers::info`: a token starting with `::` replaces the last segment of the
 * id before it on the same line. Ids on a line, or under a heading, that says "planned" are
 * skipped: the docs may name what is not built yet as long as they say so.
 */
export function namedIds(): Places {
  const places: Places = new Map()
  for (const page of referencePages) {
    let plannedSection = false
    readPage(page).forEach((line, index) => {
      if (line.startsWith('#')) plannedSection = isPlanned(line)
      if (plannedSection || isPlanned(line)) return
      let previous: string | undefined
      for (const match of line.matchAll(functionIdToken)) {
        const token = match[1] as string
        const id = token.startsWith('::')
          ? previous && `${previous.slice(0, previous.lastIndexOf('::'))}${token}`
          : token
        if (!id) continue
        for (const one of expand(id)) add(places, one, `${page}:${index + 1}`)
        previous = id
      }
    })
  }
  return places
}

/** Every backticked word of the reference pages (trigger types are named `http`, `state`, …). */
export function backticked(): Places {
  const places: Places = new Map()
  for (const page of referencePages)
    readPage(page).forEach((line, index) => {
      for (const m of line.matchAll(/`([^`\s]+)`/g))
        add(places, m[1] as string, `${page}:${index + 1}`)
    })
  return places
}

/** The worker a BUILTINS.md section heading describes: `## 3. iii-http (REST API)`. */
const sectionWorker = (line: string): string | undefined =>
  /^## \d+\. `?([a-z][a-z0-9-]*)`?/.exec(line)?.[1]

/** The top-level keys in a table row's first cell: `` `a`, `b.c` `` → a, b. */
const firstCellNames = (row: string): string[] => {
  const cell = row.split('|')[1] ?? ''
  return [...cell.matchAll(/`([a-z_][a-z0-9_]*)(?:\.[a-z0-9_.]+)?`/g)].map((m) => m[1] as string)
}

const isKeyHeader = (row: string): boolean => /^\|\s*Key\s*\|/.test(row)
const isTableRow = (row: string): boolean => row.startsWith('|')
const isRule = (row: string): boolean => /^\|[\s:|-]+\|$/.test(row.trim())

/** Keys of every `| Key | …` table, by the worker the page section describes. */
function keyTables(page: string, workerOf: (line: string) => string | undefined): Places {
  const places: Places = new Map()
  const lines = readPage(page)
  let worker: string | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.startsWith('## ')) worker = workerOf(line)
    if (!worker || !isKeyHeader(line)) continue
    for (let j = i + 1; j < lines.length && isTableRow(lines[j] as string); j++) {
      const row = lines[j] as string
      if (isRule(row)) continue
      for (const key of firstCellNames(row)) add(places, `${worker}.${key}`, `${page}:${j + 1}`)
    }
  }
  return places
}

/** `worker.key` for every key documented in a Key table of BUILTINS.md and config.md. */
export function documentedKeys(): Places {
  const places = keyTables('BUILTINS.md', sectionWorker)
  const fromConfig = keyTables('config.md', (line) => /^## (iii-[a-z-]+)$/.exec(line)?.[1])
  for (const [key, where] of fromConfig) for (const w of where) add(places, key, w)
  return places
}

/** Root keys of the config file: the backticked names of PROTOCOL.md's `- Root keys:` item. */
export function documentedRootKeys(): Places {
  const places: Places = new Map()
  const lines = readPage('PROTOCOL.md')
  const start = lines.findIndex((line) => line.startsWith('- Root keys:'))
  for (let i = start; i >= 0 && i < lines.length; i++) {
    const line = lines[i] as string
    if (i > start && !line.startsWith('  ')) break
    for (const m of line.matchAll(/`([a-z_]+)`/g))
      add(places, m[1] as string, `PROTOCOL.md:${i + 1}`)
  }
  return places
}

/** Worker names (and aliases) in config.md's table of built-in workers. */
export function documentedWorkers(): Places {
  const places: Places = new Map()
  const lines = readPage('config.md')
  const start = lines.indexOf('## Built-in workers')
  for (let i = start + 1; i < lines.length && !lines[i]?.startsWith('## '); i++) {
    const row = lines[i] as string
    if (!isTableRow(row) || isRule(row)) continue
    const cell = row.split('|')[1] ?? ''
    for (const m of cell.matchAll(/`([a-z][a-z0-9-]*)`/g))
      add(places, m[1] as string, `config.md:${i + 1}`)
  }
  return places
}
