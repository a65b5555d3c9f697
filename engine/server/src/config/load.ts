import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { WorkerDefinition } from '@iii/core'
import { ConfigError } from './errors'
import { parseInterpolated } from './interpolate'
import { validateConfig } from './validate'

/** One worker instance to run. */
export interface WorkerInstance {
  /** `name`, `name#1`, `name#2`, … */
  instanceName: string
  definition: WorkerDefinition<unknown>
  config: unknown
}

export interface EngineConfig {
  /** Where the config came from, or `null` for the embedded defaults. */
  file: string | null
  registrationNamespaceGraceMs?: number
  invocationTimeoutMs?: number
  /** Root `outbound_budget_bytes`: unread bytes over every socket. */
  outboundBudgetBytes?: number
  /** Root `socket_outbound_budget_bytes`: unread bytes on one socket. */
  socketOutboundBudgetBytes?: number
  workers: WorkerInstance[]
}

export interface LoadOptions {
  /** Path given with `-c`; a missing explicit file is an error. */
  path?: string
  /** Working directory for the default `config.yaml`. @default process.cwd() */
  cwd?: string
  env?: NodeJS.ProcessEnv
  version: string
  catalogue: WorkerDefinition<unknown>[]
}

const rootKeys = new Set([
  'workers',
  'modules',
  'registration_namespace_grace_ms',
  'invocation_timeout_ms',
  'outbound_budget_bytes',
  'socket_outbound_budget_bytes',
])
/** The keys the root of a config file accepts (config.md). */
export const rootConfigKeys: readonly string[] = [...rootKeys]
const entryKeys = new Set(['name', 'config'])

/** Loads the config file, or the embedded defaults when there is none (PROTOCOL.md §14). */
export function loadConfig(options: LoadOptions): EngineConfig {
  const cwd = options.cwd ?? process.cwd()
  const explicit = options.path !== undefined
  const file = resolve(cwd, options.path ?? 'config.yaml')
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(file, '', 'config file not found')
    return defaultConfig(options.catalogue)
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(file, '', `cannot read: ${(err as Error).message}`)
  }
  return parseConfigText(text, { ...options, file })
}

/** Parses config text (then expands `${VAR}` inside scalars) into worker instances. */
export function parseConfigText(
  text: string,
  options: LoadOptions & { file: string },
): EngineConfig {
  const { file, catalogue } = options
  const doc = parseInterpolated(text, file, {
    env: options.env ?? process.env,
    version: options.version,
  })
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ConfigError(file, '', 'the root must be a mapping')
  const root = doc as Record<string, unknown>
  for (const key of Object.keys(root))
    if (!rootKeys.has(key)) throw new ConfigError(file, key, 'unknown key')
  const config: EngineConfig = { file, workers: [] }
  for (const key of ['registration_namespace_grace_ms', 'invocation_timeout_ms'] as const) {
    const value = root[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw new ConfigError(file, key, 'must be a non-negative integer')
    if (key === 'registration_namespace_grace_ms') config.registrationNamespaceGraceMs = value
    else config.invocationTimeoutMs = value
  }
  readBudgets(root, config)
  const entries = [...listOf(root, 'workers', file), ...listOf(root, 'modules', file)]
  config.workers = resolveEntries(entries, catalogue, file)
  return config
}

/** The outbound byte budgets (PROTOCOL.md §2): at least 1 MiB each. */
function readBudgets(root: Record<string, unknown>, config: EngineConfig): void {
  const file = config.file ?? ''
  for (const key of ['outbound_budget_bytes', 'socket_outbound_budget_bytes'] as const) {
    const value = root[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1024 * 1024)
      throw new ConfigError(file, key, 'must be an integer of at least 1048576 (1 MiB)')
    if (key === 'outbound_budget_bytes') config.outboundBudgetBytes = value
    else config.socketOutboundBudgetBytes = value
  }
}

function listOf(root: Record<string, unknown>, key: string, file: string): [string, unknown][] {
  const value = root[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ConfigError(file, key, 'must be a list')
  return value.map((entry, i) => [`${key}[${i}]`, entry])
}

function resolveEntries(
  entries: [string, unknown][],
  catalogue: WorkerDefinition<unknown>[],
  file: string,
): WorkerInstance[] {
  const byName = new Map<string, WorkerDefinition<unknown>>()
  for (const def of catalogue) {
    byName.set(def.name, def)
    for (const alias of def.aliases ?? []) byName.set(alias, def)
  }
  const spelling = new Map<string, string>()
  const counts = new Map<string, number>()
  const uniques = new Map<string, string>()
  const instances: WorkerInstance[] = []
  for (const [key, entry] of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new ConfigError(file, key, 'must be a mapping with name and config')
    const e = entry as Record<string, unknown>
    if ('image' in e)
      throw new ConfigError(
        file,
        `${key}.image`,
        'images are not supported; use iii-exec to launch other processes',
      )
    for (const k of Object.keys(e))
      if (!entryKeys.has(k)) throw new ConfigError(file, `${key}.${k}`, 'unknown key')
    if (typeof e.name !== 'string' || e.name === '')
      throw new ConfigError(file, `${key}.name`, 'required')
    const def = byName.get(e.name)
    if (!def) {
      const known = catalogue.map((d) => d.name).join(', ')
      throw new ConfigError(
        file,
        `${key}.name`,
        `unknown worker "${e.name}"; known workers: ${known}`,
      )
    }
    const seen = spelling.get(def.name)
    if (seen !== undefined && seen !== e.name)
      throw new ConfigError(
        file,
        `${key}.name`,
        `${e.name} and ${seen} name the same worker; list it once`,
      )
    spelling.set(def.name, e.name)
    const n = counts.get(def.name) ?? 0
    if (n > 0 && !def.multiple)
      throw new ConfigError(file, `${key}.name`, `${def.name} may appear only once`)
    counts.set(def.name, n + 1)
    const config = validateConfig(def.configSchema, withFileDefaults(def, e.config, file), {
      file,
      prefix: `${key}.config`,
    })
    const problem = def.validate?.(config)
    if (problem) throw new ConfigError(file, `${key}.config.${problem.key}`, problem.reason)
    checkUnique(def, config, { key, file, seen: uniques })
    instances.push({
      instanceName: n === 0 ? def.name : `${def.name}#${n}`,
      definition: def,
      config,
    })
  }
  for (const def of catalogue) {
    if (def.mandatory && !counts.has(def.name)) {
      const config = validateConfig(def.configSchema, withFileDefaults(def, {}, file), {
        file,
        prefix: def.name,
      })
      instances.unshift({ instanceName: def.name, definition: def, config })
    }
  }
  return orderInstances(instances, catalogue)
}

/** A `uniqueKey` value shared by two instances of one worker is a config error naming both entries. */
function checkUnique(
  def: WorkerDefinition<unknown>,
  config: unknown,
  at: { key: string; file: string; seen: Map<string, string> },
): void {
  if (!def.uniqueKey) return
  const value = def.uniqueKey.of(config)
  const id = `${def.name}\u0000${value}`
  const first = at.seen.get(id)
  if (first !== undefined) {
    const shown = value === '' ? 'no name' : `the name "${value}"`
    throw new ConfigError(
      at.file,
      `${at.key}.config.${def.uniqueKey.key}`,
      `${first} already has ${shown}; give each ${def.name} a distinct ${def.uniqueKey.key}`,
    )
  }
  at.seen.set(id, at.key)
}

/** The worker's file-only defaults under its block; inline config text (`<inline config>`) is not a file. */
function withFileDefaults(def: WorkerDefinition<unknown>, config: unknown, file: string): unknown {
  if (!def.fileDefaults || file.startsWith('<')) return config
  // A block that is not a mapping is left to the schema to report.
  if (
    config !== undefined &&
    config !== null &&
    (typeof config !== 'object' || Array.isArray(config))
  )
    return config
  return { ...def.fileDefaults(file), ...(config ?? {}) }
}

/** Start order follows the catalogue, so providers exist before their consumers. */
function orderInstances(
  instances: WorkerInstance[],
  catalogue: WorkerDefinition<unknown>[],
): WorkerInstance[] {
  const rank = new Map(catalogue.map((d, i) => [d.name, i]))
  return [...instances].sort(
    (a, b) => (rank.get(a.definition.name) ?? 0) - (rank.get(b.definition.name) ?? 0),
  )
}

/** Every default-on worker with its default config. */
export function defaultConfig(catalogue: WorkerDefinition<unknown>[]): EngineConfig {
  return {
    file: null,
    workers: catalogue
      .filter((d) => d.mandatory || d.defaultOn)
      .map((d) => ({
        instanceName: d.name,
        definition: d,
        config: validateConfig(d.configSchema, {}, { file: '<defaults>', prefix: d.name }),
      })),
  }
}
