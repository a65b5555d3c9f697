import { rootConfigKeys } from 'iii-engine'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import {
  backticked,
  documentedKeys,
  documentedRootKeys,
  documentedWorkers,
  namedIds,
  type Places,
} from './support/reference-docs'
import {
  engineFunctionIds,
  engineKeys,
  engineTriggerTypes,
  engineWorkers,
  everyWorkerConfig,
} from './support/running-engine'

/** One line per name the docs have and the engine lacks, with where the docs name it. */
const notInEngine = (documented: Places, engine: Set<string>, what: string): string[] =>
  [...documented]
    .filter(([name]) => !engine.has(name))
    .map(
      ([name, where]) => `${what} ${name} is named in ${where.join(', ')} but the engine has none`,
    )

/** One line per name the engine has and the docs lack. */
const notInDocs = (engine: Set<string>, documented: Places, what: string, page: string): string[] =>
  [...engine]
    .filter((name) => !documented.has(name))
    .sort()
    .map((name) => `${what} ${name} exists in the engine but is not named in ${page}`)

describe('docs/reference names what the engine has, and the engine nothing the docs lack', () => {
  it('function and trigger-type ids, worker names, config keys', async () => {
    await using engine = await startTestEngine({ configText: everyWorkerConfig() })
    const functions = await engineFunctionIds(engine)
    const triggerTypes = await engineTriggerTypes(engine)
    const ids = new Set([...functions, ...triggerTypes])
    const keys = await engineKeys(engine)
    const workers = engineWorkers()
    const roots = new Set(rootConfigKeys)
    const words = new Map([...backticked(), ...namedIds()])
    const [namedIdsInDocs, keysInDocs, workersInDocs, rootsInDocs] = [
      namedIds(),
      documentedKeys(),
      documentedWorkers(),
      documentedRootKeys(),
    ]
    expect([
      ...notInEngine(namedIdsInDocs, ids, 'function or trigger type'),
      ...notInDocs(functions, words, 'function', 'docs/reference (BUILTINS.md)'),
      ...notInDocs(triggerTypes, words, 'trigger type', 'docs/reference (BUILTINS.md)'),
      ...notInEngine(workersInDocs, workers, 'worker'),
      ...notInDocs(workers, workersInDocs, 'worker', "config.md's Built-in workers table"),
      ...notInEngine(keysInDocs, keys, 'config key'),
      ...notInDocs(keys, keysInDocs, 'config key', "the worker's Key table in BUILTINS.md"),
      ...notInEngine(rootsInDocs, roots, 'root config key'),
      ...notInDocs(roots, rootsInDocs, 'root config key', "PROTOCOL.md's `- Root keys:` item"),
    ]).toEqual([])
  }, 120_000)
})
