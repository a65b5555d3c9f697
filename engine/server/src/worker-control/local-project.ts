import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { IIIError } from '@iii/protocol'

export type WorkerLanguage = 'ts' | 'js' | 'python' | 'go' | 'rust'

/** How to run a local worker project, as found from its files. */
export interface LocalWorkerPlan {
  language: WorkerLanguage
  command: string
  args: string[]
  /** Globs (relative to the project) whose change restarts the worker. */
  watch: string[]
  /** What the plan was chosen from, for messages. */
  reason: string
}

const nodeEntries = [
  'src/index.ts',
  'index.ts',
  'worker.ts',
  'src/index.js',
  'index.js',
  'index.mjs',
  'worker.js',
]
const pythonEntries = ['main.py', 'worker.py', 'app.py']
const nodeWatch = ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.json']

/** A project name usable as a process name: `[A-Za-z0-9_.-]{1,64}`. */
export function projectName(dir: string): string {
  const name = basename(dir)
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 64)
  return name || 'worker'
}

/**
 * Finds how to run the worker project in `dir`: a `package.json` with a `start` script runs that
 * script; else its `main` or the first of `src/index.ts`, `index.ts`, … runs under node (tsx for
 * TypeScript); `pyproject.toml`/`requirements.txt`/`main.py` runs Python; `go.mod` runs `go run .`;
 * `Cargo.toml` runs `cargo run`.
 */
export function planLocalWorker(dir: string): LocalWorkerPlan {
  let isDir = false
  try {
    isDir = statSync(dir).isDirectory()
  } catch {
    throw new IIIError('NOT_FOUND', `no such directory: ${dir}`)
  }
  if (!isDir) throw new IIIError('INVALID_ARGUMENTS', `not a directory: ${dir}`)
  const has = (file: string) => existsSync(join(dir, file))
  if (has('package.json')) return nodePlan(dir)
  if (has('pyproject.toml') || has('requirements.txt') || pythonEntries.some(has))
    return pythonPlan(dir)
  if (has('go.mod'))
    return {
      language: 'go',
      command: 'go',
      args: ['run', '.'],
      watch: ['**/*.go'],
      reason: 'go.mod',
    }
  if (has('Cargo.toml'))
    return {
      language: 'rust',
      command: 'cargo',
      args: ['run', '--quiet'],
      watch: ['src/**/*.rs', 'Cargo.toml'],
      reason: 'Cargo.toml',
    }
  throw new IIIError(
    'INVALID_ARGUMENTS',
    `cannot tell how to run ${dir}: no package.json, pyproject.toml, requirements.txt, main.py, go.mod or Cargo.toml`,
  )
}

function nodePlan(dir: string): LocalWorkerPlan {
  let pkg: { main?: unknown; scripts?: Record<string, unknown> }
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  } catch (err) {
    throw new IIIError('INVALID_ARGUMENTS', `${dir}/package.json: ${(err as Error).message}`)
  }
  const language: WorkerLanguage = existsSync(join(dir, 'tsconfig.json')) ? 'ts' : 'js'
  if (typeof pkg.scripts?.start === 'string')
    return {
      language,
      command: 'npm',
      args: ['run', '--silent', 'start'],
      watch: nodeWatch,
      reason: 'package.json scripts.start',
    }
  const entry =
    typeof pkg.main === 'string' && existsSync(join(dir, pkg.main))
      ? pkg.main
      : nodeEntries.find((f) => existsSync(join(dir, f)))
  if (!entry)
    throw new IIIError(
      'INVALID_ARGUMENTS',
      `${dir} has a package.json but no start script, main or entry file (${nodeEntries.join(', ')})`,
    )
  if (!/\.[mc]?ts$/.test(entry))
    return { language, command: process.execPath, args: [entry], watch: nodeWatch, reason: entry }
  return {
    language: 'ts',
    command: process.execPath,
    args: ['--import', tsxLoader(dir), entry],
    watch: nodeWatch,
    reason: entry,
  }
}

function tsxLoader(dir: string): string {
  try {
    return pathToFileURL(createRequire(join(dir, 'package.json')).resolve('tsx')).href
  } catch {
    throw new IIIError(
      'INVALID_ARGUMENTS',
      `${dir} is a TypeScript worker but tsx is not installed there: run \`npm install -D tsx\` in it, or add a start script`,
    )
  }
}

function pythonPlan(dir: string): LocalWorkerPlan {
  const venv = ['.venv/bin/python', 'venv/bin/python'].find((p) => existsSync(join(dir, p)))
  const entry = pythonEntries.find((f) => existsSync(join(dir, f)))
  if (!entry)
    throw new IIIError(
      'INVALID_ARGUMENTS',
      `${dir} looks like a Python project but has none of ${pythonEntries.join(', ')}`,
    )
  return {
    language: 'python',
    command: venv ? join(dir, venv) : 'python3',
    args: ['-u', entry],
    watch: ['**/*.py'],
    reason: entry,
  }
}
