import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tsNodeArgs } from '@iii/testing'

/** The repository root (the engine CLI is run from source from there). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const workerScript = fileURLToPath(new URL('./worker-proc.ts', import.meta.url))

/** A child process whose output lines are kept and awaited. */
export class Child {
  readonly lines: string[] = []
  private readonly waiters = new Set<() => void>()
  readonly exited: Promise<number | null>

  constructor(
    readonly label: string,
    readonly proc: ChildProcess,
    onLine?: (line: string) => void,
  ) {
    let rest = ''
    const take = (chunk: Buffer) => {
      rest += chunk.toString()
      const parts = rest.split('\n')
      rest = parts.pop() ?? ''
      for (const line of parts) {
        this.lines.push(line)
        onLine?.(line)
      }
      for (const w of [...this.waiters]) w()
    }
    proc.stdout?.on('data', take)
    proc.stderr?.on('data', take)
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)))
  }

  get pid(): number {
    return this.proc.pid ?? -1
  }

  /** Resolves with the first output line that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find(match)
        if (!line) return
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve(line)
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(
          new Error(
            `${this.label}: no matching output line in ${timeoutMs} ms; last lines:\n${this.lines.slice(-10).join('\n')}`,
          ),
        )
      }, timeoutMs)
      this.waiters.add(check)
      check()
    })
  }

  /** SIGKILL, then wait for the exit. */
  async kill9(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return
    this.proc.kill('SIGKILL')
    await this.exited
  }

  /** SIGTERM (graceful), then wait for the exit. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return
    this.proc.kill('SIGTERM')
    await this.exited
  }
}

/** Starts an engine process from source with a config file; resolves once it is ready. */
export async function spawnEngine(
  label: string,
  configPath: string,
  configText: string,
  onLine?: (line: string) => void,
): Promise<Child> {
  writeFileSync(configPath, configText)
  const args = [
    ...tsNodeArgs(),
    'engine/server/src/cli.ts',
    '-c',
    configPath,
    '--log-format',
    'json',
    '--log-level',
    'info',
  ]
  const proc = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OTEL_ENABLED: 'false' },
  })
  const child = new Child(label, proc, onLine)
  await Promise.race([
    child.waitForLine((l) => l.includes('"msg":"engine ready"'), 60_000),
    child.exited.then((code) => {
      throw new Error(
        `${label} exited with ${code} before it was ready:\n${child.lines.join('\n')}`,
      )
    }),
  ])
  return child
}

export interface WorkerProcOptions {
  url: string
  functionId: string
  /** `hang`: print `started <data>` and never answer. `work`: append run-start/run-end to `history`. */
  mode: 'hang' | 'work'
  history?: string
  /** Label of the engine it serves, written into the history. */
  engine?: string
}

/** Starts an SDK worker process; resolves once it is connected. */
export async function spawnWorker(label: string, o: WorkerProcOptions): Promise<Child> {
  const env = {
    ...process.env,
    OTEL_ENABLED: 'false',
    III_URL: o.url,
    FN: o.functionId,
    MODE: o.mode,
    HISTORY: o.history ?? '',
    ENGINE_LABEL: o.engine ?? '',
  }
  const proc = spawn(process.execPath, [...tsNodeArgs(), workerScript], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  const child = new Child(label, proc)
  await child.waitForLine((l) => l === 'connected', 60_000)
  return child
}
