import { workerCatalogue } from 'iii-engine'
import type { TestEngine } from '../../../src/engine'

/**
 * A config that runs every built-in worker: the defaults, plus the optional ones with the least
 * config they accept (a bridge to a port nothing listens on, exec without processes).
 */
export const everyWorkerConfig = (): string =>
  [
    'workers:',
    ...workerCatalogue.map((def) => {
      if (def.name === 'iii-bridge')
        return `  - name: ${def.name}\n    config: { url: 'ws://127.0.0.1:9' }`
      if (def.name === 'iii-exec') return `  - name: ${def.name}\n    config: { processes: [] }`
      return `  - name: ${def.name}`
    }),
  ].join('\n')

const call = async <T>(engine: TestEngine, functionId: string, data: unknown = {}): Promise<T> =>
  (await engine.core.router.call({ functionId, data })) as T

/** Ids of every registered function of the running engine, internal ones included. */
export async function engineFunctionIds(engine: TestEngine): Promise<Set<string>> {
  const { functions } = await call<{ functions: { function_id: string }[] }>(
    engine,
    'engine::functions::list',
    { include_internal: true },
  )
  return new Set(functions.map((f) => f.function_id))
}

/** Ids of every trigger type of the running engine, internal ones included. */
export async function engineTriggerTypes(engine: TestEngine): Promise<Set<string>> {
  const { triggers } = await call<{ triggers: { id: string }[] }>(
    engine,
    'engine::triggers::list',
    { include_internal: true },
  )
  return new Set(triggers.map((t) => t.id))
}

/** `worker.key` for every top-level key of every running built-in worker's config schema. */
export async function engineKeys(engine: TestEngine): Promise<Set<string>> {
  const { configurations } = await call<{
    configurations: { id: string; schema: { properties?: Record<string, unknown> } }[]
  }>(engine, 'configuration::list')
  const running = new Set(engine.config.workers.map((w) => w.definition.name))
  const keys = new Set<string>()
  for (const { id, schema } of configurations)
    if (running.has(id))
      for (const key of Object.keys(schema.properties ?? {})) keys.add(`${id}.${key}`)
  return keys
}

/** Names and aliases of every built-in worker the engine knows. */
export const engineWorkers = (): Set<string> =>
  new Set(workerCatalogue.flatMap((def) => [def.name, ...(def.aliases ?? [])]))
