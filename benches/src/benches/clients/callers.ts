import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { tsNodeArgs } from '@iii/testing'
import { repoRoot, srcDir } from '../../core/child'

/** One client's caller process: how to build it and how to run it. */
export interface Caller {
  /** The client, as named in figures. */
  name: string
  /** Builds what the caller needs (a venv, a binary); returns the command and its leading args. */
  prepare(): Promise<{ command: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv }>
}

export interface CallerFigures {
  seq_p50_us: number
  calls_per_sec: number
}

const run = promisify(execFile)
const sdk = (lang: string) => join(repoRoot, 'sdk', lang)
const buildTimeoutMs = 15 * 60_000

export const tsCaller: Caller = {
  name: 'iii-sdk',
  prepare: async () => ({
    command: process.execPath,
    args: [...tsNodeArgs(), join(srcDir, 'benches/clients/ts-caller.ts')],
    cwd: join(repoRoot, 'benches'),
  }),
}

export const clientCallers: Caller[] = [
  {
    name: 'python',
    async prepare() {
      const { stdout } = await run('bash', [join(sdk('python'), 'scripts/venv.sh')], {
        timeout: buildTimeoutMs,
      })
      return {
        command: stdout.trim(),
        args: ['examples/bench_caller.py'],
        cwd: sdk('python'),
        env: { PYTHONPATH: sdk('python') },
      }
    },
  },
  {
    name: 'go',
    async prepare() {
      const bin = join(sdk('go'), '.bench-caller')
      await run('go', ['build', '-o', bin, './examples/benchcaller'], {
        cwd: sdk('go'),
        timeout: buildTimeoutMs,
      })
      return { command: bin, args: [], cwd: sdk('go') }
    },
  },
  {
    name: 'rust',
    async prepare() {
      const env = { ...process.env, CARGO_INCREMENTAL: '0' }
      await run('cargo', ['build', '--release', '--locked', '--example', 'bench_caller'], {
        cwd: sdk('rust'),
        env,
        timeout: buildTimeoutMs,
      })
      return {
        command: join(sdk('rust'), 'target/release/examples/bench_caller'),
        args: [],
        cwd: sdk('rust'),
      }
    },
  },
]

/** Runs a prepared caller to its end and parses its one JSON line. */
export function runCaller(
  prepared: Awaited<ReturnType<Caller['prepare']>>,
  args: string[],
  timeoutMs: number,
): Promise<CallerFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(prepared.command, [...prepared.args, ...args], {
      cwd: prepared.cwd,
      env: { ...process.env, ...prepared.env },
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000)
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (code !== 0 || !line) reject(new Error(`caller exited ${code}: ${err}`))
      else resolve(JSON.parse(line) as CallerFigures)
    })
  })
}
