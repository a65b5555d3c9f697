import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, tsNodeArgs } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { startEngine } from '../src/index'

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts')

function run(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...tsNodeArgs(), cli, ...args], {
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('iii console', () => {
  it('prints the URL of a running console, and says clearly when none answers', async () => {
    await using engine = await startEngine({
      defaults: true,
      randomPorts: true,
      log: { level: 'silent' },
    })
    const port = engine.address('iii-console')?.port
    const [found, missing] = await Promise.all([
      run(['console', '--port', String(port), '--no-open']),
      run(['console', '--port', String(await freePort()), '--no-open']),
    ])
    expect(found.stdout.trim()).toBe(`http://127.0.0.1:${port}`)
    expect(found.code).toBe(0)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/no console at http:\/\/127\.0\.0\.1:\d+: connection refused/)
  }, 120_000)
})
