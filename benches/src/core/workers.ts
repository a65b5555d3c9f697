import { SkipBench } from './types'

let names: Promise<Set<string>> | undefined

/** Names (and aliases) of the built-in workers in engine/server/src/catalogue.ts. */
export function catalogueNames(): Promise<Set<string>> {
  names ??= import('iii-engine').then(({ workerCatalogue }) => {
    const set = new Set<string>()
    for (const def of workerCatalogue) {
      set.add(def.name)
      for (const alias of def.aliases ?? []) set.add(alias)
    }
    return set
  })
  return names
}

/** Throws `SkipBench` when the engine has no built-in worker of that name yet. */
export async function requireWorker(name: string): Promise<void> {
  if (!(await catalogueNames()).has(name)) {
    throw new SkipBench(
      `worker not available: ${name} is not in engine/server/src/catalogue.ts yet`,
    )
  }
}

/** Whether the engine has that built-in worker. */
export async function hasWorker(name: string): Promise<boolean> {
  return (await catalogueNames()).has(name)
}
