import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { tsNodeArgs } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'

const cli = resolve(import.meta.dirname, '../src/cli.ts')
const dir = mkdtempSync(join(tmpdir(), 'iii-bench-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...tsNodeArgs(), cli, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

const required = {
  name: 'string',
  value: 'number',
  unit: 'string',
  baseline: 'number',
  ratio: 'number',
  command: 'string',
}

describe('pnpm bench', () => {
  it('runs the serde bench in quick mode and prints well-formed JSON figures', {
    timeout: 90_000,
  }, async () => {
    const out = join(dir, 'serde.json')
    const { code, stdout, stderr } = await runCli(['--only', 'serde', '--quick', '--out', out])
    expect(stderr).not.toMatch(/error/i)
    expect(code).toBe(0)
    const figures = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(figures.length).toBe(4)
    for (const figure of figures) {
      for (const [key, type] of Object.entries(required))
        expect(typeof figure[key], `${key} of ${figure.name}`).toBe(type)
      expect(figure.name).toMatch(/^serde\//)
      expect(figure.value as number).toBeGreaterThan(0)
      expect(figure.baseline as number).toBeGreaterThan(0)
      expect(figure.ratio as number).toBeCloseTo(
        (figure.value as number) / (figure.baseline as number),
        2,
      )
      expect(figure.command).toBe('pnpm bench --only serde --quick')
    }
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report.results).toEqual(figures)
    expect(report.quick).toBe(true)
    expect(report.failed).toEqual([])
    expect(report.machine.nproc).toBeGreaterThan(0)
    expect(stdout).toContain('| serde/invokefunction/100B |')
  })

  it('refuses an unknown bench name, naming the known ones', async () => {
    const { code, stderr } = await runCli(['--only', 'nope', '--out', join(dir, 'never.json')])
    expect(code).toBe(2)
    expect(stderr).toContain('unknown bench: nope')
    expect(stderr).toContain('serde')
  })

  it('refuses an unknown flag with the usage text', async () => {
    const { code, stderr } = await runCli(['--fast'])
    expect(code).toBe(2)
    expect(stderr).toContain("Unknown option '--fast'")
    expect(stderr).toContain('--quick')
  })
})
