import { readFileSync } from 'node:fs'
import type { EngineCore, WorkerDefinition, WorkerHost } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { writeAtomic } from '@iii/storage'
import { stringify } from 'yaml'
import { ConfigError } from '../config/errors'
import type { EngineConfig } from '../config/load'
import { applyConfig } from '../config/reload'
import { ConfigEdit } from './config-edit'

export interface ConfigSource {
  /** The config file, when the engine runs from one; edits are written back to it. */
  file: string | null
  /** The config text when there is no file (inline text, or the embedded defaults). */
  text: string
}

export interface ChangeTarget {
  core: EngineCore
  host: WorkerHost
  config: EngineConfig
}

/** Config text listing the embedded defaults, so they can be edited like a file. */
export function defaultsText(config: EngineConfig): string {
  return stringify({ workers: config.workers.map((w) => ({ name: w.definition.name })) })
}

/** An edit to make to the config text, and how to parse the result. */
export interface ConfigChange {
  edit: (config: ConfigEdit) => void
  parse: (text: string, file: string) => EngineConfig
}

/**
 * Applies one edit: re-reads the source, edits it, parses the result like a config file, applies
 * the difference to the running engine and only then writes the file. An invalid result or a
 * worker that cannot start changes nothing.
 */
export async function applyEdit(
  source: ConfigSource,
  target: ChangeTarget,
  change: ConfigChange,
): Promise<{ file: string | null }> {
  const { edit, parse } = change
  const text = source.file ? readFileSync(source.file, 'utf8') : source.text
  const config = new ConfigEdit(text)
  edit(config)
  const nextText = config.toString()
  let next: EngineConfig
  try {
    next = parse(nextText, source.file ?? '<runtime config>')
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    throw new IIIError('SCHEMA_INVALID', `${err.key ? `${err.key}: ` : ''}${err.reason}`)
  }
  const summary = await applyConfig(target, target.config, next)
  if (summary.failed.length > 0) {
    // Put back what the edit stopped, so the engine runs the config it ran before.
    await applyConfig(target, next, target.config).catch(() => {})
    throw new IIIError(
      'APPLY_FAILED',
      `${summary.failed.join(', ')} could not start (see the engine log); nothing changed`,
    )
  }
  target.config = next
  // The storage package's one atomic write: temp file, fsync, rename, directory fsync.
  if (source.file) await writeAtomic(source.file, nextText)
  else source.text = nextText
  target.core.logger.info('workers changed', { file: source.file ?? undefined, ...summary })
  return { file: source.file }
}

export type { WorkerDefinition }
