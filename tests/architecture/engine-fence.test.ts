import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path)
  }
  return out
}

const workerPackages = readdirSync(join(root, 'workers')).filter((name) =>
  statSync(join(root, 'workers', name, 'src')).isDirectory(),
)

/**
 * What only the engine's own workers (iii-worker-manager in engine/server, iii-engine-functions in
 * engine/core) may use: the engine object and the privileged worker types.
 */
const forbidden: [RegExp, string][] = [
  [/\bEngineCore\b/, 'EngineCore'],
  [/\bEngineWorker(Context|Definition)\b|\bEngineBuiltinWorker\b/, 'an engine-worker type'],
  [/\bengineAccess\b/, 'engineAccess'],
  [/\bSlotRegistry\b/, 'SlotRegistry'],
  [/\.engine\b(?!\s*\()/, 'a `.engine` field'],
]

function violations(file: string): string[] {
  const found: string[] = []
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const [pattern, what] of forbidden) {
        if (pattern.test(line))
          found.push(`${relative(root, file)}:${i + 1} uses ${what}: ${line.trim()}`)
      }
    })
  return found
}

describe('engine fence', () => {
  it('finds the worker packages', () => {
    expect(workerPackages).toContain('state')
    expect(workerPackages.length).toBeGreaterThanOrEqual(8)
  })

  it.each(workerPackages)(
    'workers/%s/src reaches the engine only through WorkerContext',
    (name) => {
      const found = sourceFiles(join(root, 'workers', name, 'src')).flatMap(violations)
      // Use ctx.provide / ctx.provided / ctx.stats / ctx.listFunctions, or add a small explicit
      // method or slot to WorkerContext (engine/core/src/worker.ts, slots.ts).
      expect(found).toEqual([])
    },
  )

  it('the fence sees a violation', () => {
    const found = violations(join(root, 'tests/architecture/fixtures/reaches-engine.ts.txt'))
    expect(found.map((v) => Number(/:(\d+) /.exec(v)?.[1]))).toEqual([1, 2, 3, 4, 4])
  })
})
