import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

interface Pkg {
  dir: string
  name: string
  deps: string[]
}

function packageOf(dir: string): Pkg {
  const json = JSON.parse(readFileSync(join(root, 'workers', dir, 'package.json'), 'utf8'))
  return {
    dir,
    name: json.name,
    deps: Object.keys({ ...json.dependencies, ...json.devDependencies, ...json.peerDependencies }),
  }
}

const packages = readdirSync(join(root, 'workers'))
  .filter((dir) => statSync(join(root, 'workers', dir)).isDirectory())
  .map(packageOf)

/** A worker package registers a built-in worker; the others under workers/ are libraries. */
const isWorker = (name: string) => name.startsWith('@iii/worker-')
const workers = packages.filter((p) => isWorker(p.name))

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path)
  }
  return out
}

const importedPackage = /(?:from|import)\s*\(?\s*['"](@iii\/[^/'"]+)/g

/** Every `@iii/worker-*` module a file imports, other than `own`. */
function workerImports(file: string, own: string): string[] {
  const found: string[] = []
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(importedPackage)) {
        const name = m[1] as string
        if (isWorker(name) && name !== own) found.push(`${relative(root, file)}:${i + 1} ${name}`)
      }
    })
  return found
}

describe('worker import fence (docs/decisions/0011-worker-import-fence.md)', () => {
  it('finds the worker and library packages', () => {
    expect(workers.map((p) => p.name)).toContain('@iii/worker-stream')
    expect(packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@iii/storage', '@iii/update-ops']),
    )
  })

  it.each(workers.map((p) => [p.name, p] as const))('%s depends on no other worker', (_, pkg) => {
    expect(pkg.deps.filter((d) => isWorker(d) && d !== pkg.name)).toEqual([])
  })

  it.each(workers.map((p) => [p.name, p] as const))('%s imports no other worker', (_, pkg) => {
    const dir = join(root, 'workers', pkg.dir)
    const files = ['src', 'test']
      .map((sub) => join(dir, sub))
      .filter((sub) => statSync(sub, { throwIfNoEntry: false })?.isDirectory())
      .flatMap(sourceFiles)
    expect(files.flatMap((f) => workerImports(f, pkg.name))).toEqual([])
  })

  it('library packages under workers/ import no worker package', () => {
    const libraries = packages.filter((p) => !isWorker(p.name))
    expect(libraries.flatMap((p) => p.deps.filter(isWorker))).toEqual([])
    const files = libraries.flatMap((p) => sourceFiles(join(root, 'workers', p.dir, 'src')))
    expect(files.flatMap((f) => workerImports(f, ''))).toEqual([])
  })

  it('the fence sees a violation', () => {
    const fixture = join(root, 'tests/architecture/fixtures/imports-worker.ts.txt')
    const found = workerImports(fixture, '@iii/worker-stream')
    expect(found.map((v) => Number(/:(\d+) /.exec(v)?.[1]))).toEqual([1, 2, 4])
  })
})
