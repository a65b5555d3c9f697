import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsNodeArgs } from '@iii/testing'

export const here = dirname(fileURLToPath(import.meta.url))
const cli = resolve(here, '../../../engine/server/src/cli.ts')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  elapsedMs: number
}

/** Runs the `iii` CLI from source, in this folder, as a user would from a shell. */
export function iii(args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  const startedMs = Date.now()
  return new Promise<CliRun>((done) => {
    const child = spawn(process.execPath, [...tsNodeArgs(), cli, ...args], {
      cwd: options.cwd ?? here,
      env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr, elapsedMs: Date.now() - startedMs })
    })
  })
}

/** Node options that let a fixture import our iii-sdk from source. */
export const sourceNodeOptions = 'NODE_OPTIONS=--conditions=@iii/source'

export const fixture = (name: string) => join(here, 'fixtures', name)
