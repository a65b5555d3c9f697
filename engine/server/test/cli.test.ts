import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsNodeArgs } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { startEngine } from '../src/index'

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts')

/** Runs the CLI from source in a child process. */
function run(
  args: string[],
  options: { cwd?: string; timeoutMs?: number; untilStdout?: RegExp } = {},
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...tsNodeArgs(), cli, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
      if (options.untilStdout?.test(stderr)) child.kill('SIGTERM')
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('iii CLI', () => {
  it('prints its version', async () => {
    const r = await run(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('trigger prints the result as JSON', async () => {
    await using engine = await startEngine({
      defaults: true,
      randomPorts: true,
      log: { level: 'silent' },
    })
    const r = await run([
      'trigger',
      'engine::functions::list',
      'include_internal=true',
      '--port',
      String(engine.port),
    ])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.functions.map((f: { function_id: string }) => f.function_id)).toContain(
      'engine::functions::list',
    )
  })

  it('trigger sends a remote error to stderr with exit 1', async () => {
    await using engine = await startEngine({
      defaults: true,
      randomPorts: true,
      log: { level: 'silent' },
    })
    const r = await run(['trigger', 'nope::missing', 'a=1', '--port', String(engine.port)])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('function_not_found')
  })

  it('trigger says clearly when the engine is unreachable, and refuses bad arguments', async () => {
    const r = await run(['trigger', 'x::y', '--port', '1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /cannot reach the engine at ws:\/\/127\.0\.0\.1:1\/: connection refused/,
    )
    const bad = await run(['trigger', 'x::y', 'novalue', '--port', '1'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('expected key=value')
    const badJson = await run(['trigger', 'x::y', '--json', '{oops', '--port', '1'])
    expect(badJson.code).toBe(2)
  })

  it('refuses an invalid config with the file, key and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iii-cli-'))
    writeFileSync(
      join(dir, 'bad.yaml'),
      'workers:\n  - name: iii-worker-manager\n    config: { port: nope }\n',
    )
    const r = await run(['-c', 'bad.yaml'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/config error: .*bad\.yaml: workers\[0\]\.config\.port: /)
  })

  it('starts with a config file and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iii-cli-'))
    writeFileSync(
      join(dir, 'config.yaml'),
      'workers:\n  - name: iii-worker-manager\n    config: { port: 0 }\n',
    )
    const r = await run([], { cwd: dir, untilStdout: /engine ready/ })
    expect(r.stderr).toContain('engine ready')
    expect(r.stderr).toContain('engine stopped')
    expect(r.code).toBe(0)
  })
})
