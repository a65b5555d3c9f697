import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, tsNodeArgs, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { iii } from '../workers/support'

const here = dirname(fileURLToPath(import.meta.url))
const cli = resolve(here, '../../../engine/server/src/cli.ts')

// Generated inside the tests package, so the project resolves iii-sdk (ours, from source) and tsx
// from tests/node_modules as an installed project resolves them from its own.
const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

function dev(cwd: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [...tsNodeArgs(), cli, 'dev'], {
    cwd,
    // Our iii-sdk from source is TypeScript: every node process of the project loads tsx.
    env: { ...process.env, ...env, NODE_OPTIONS: '--conditions=@iii/source --import tsx' },
    detached: true,
  })
  const out = { text: '' }
  child.stdout?.on('data', (d) => {
    out.text += d
  })
  child.stderr?.on('data', (d) => {
    out.text += d
  })
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return { child, out, exited }
}

describe.each(['ts', 'js'])('iii project init --lang %s (issue 14)', (lang) => {
  it('generates a project that runs under iii dev and answers its route, queue and cron', {
    timeout: 180_000,
  }, async () => {
    const dir = mkdtempSync(join(here, `.generated-${lang}-`))
    made.push(dir)
    const init = await iii(['project', 'init', dir, '--lang', lang])
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toContain('iii-exec')
    const port = await freePort()
    const httpPort = await freePort()
    const run = dev(dir, { III_PORT: String(port), III_HTTP_PORT: String(httpPort) })
    try {
      await waitFor(() => run.out.text.includes('function hello::greet (hello)'), {
        timeoutMs: 90_000,
        what: `hello::greet registered; output:\n${run.out.text}`,
      })
      const reply = await waitFor(
        async () => {
          const r = await fetch(`http://127.0.0.1:${httpPort}/hello?name=iii`)
          return r.status === 200 ? r.json() : undefined
        },
        { timeoutMs: 30_000, what: 'the route answering' },
      )
      expect(reply).toEqual({ message: 'Hello, iii!' })
      await waitFor(() => run.out.text.includes('greeted iii'), {
        timeoutMs: 30_000,
        what: `the queue consumer; output:\n${run.out.text}`,
      })
      expect(run.out.text).toContain('function hello::tick (hello)')
      expect(run.out.text).toMatch(/\[dev\] worker hello connected/)
      run.child.kill('SIGTERM')
      expect(await run.exited).toBe(0)
    } finally {
      try {
        if (run.child.pid) process.kill(-run.child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  })
})

describe('iii worker init and bad languages (issue 14)', () => {
  it('adds a worker skeleton to config.yaml; refuses unknown languages, a wrong client dir and existing projects', async () => {
    const dir = mkdtempSync(join(here, '.generated-init-'))
    made.push(dir)
    expect((await iii(['project', 'init', dir])).code).toBe(0)
    const again = await iii(['project', 'init', dir])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/config\.yaml exists/)
    const add = await iii(['worker', 'init', 'billing', '--lang', 'js'], { cwd: dir })
    expect(add.code).toBe(0)
    expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toMatch(
      /name: billing[\s\S]*cwd: workers\/billing/,
    )
    expect(readFileSync(join(dir, 'workers/billing/index.js'), 'utf8')).toContain(
      "'billing::greet'",
    )
    const unknown = await iii(['project', 'init', join(dir, 'cobol'), '--lang', 'cobol'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/--lang must be one of ts, js, python, go, rust, got cobol/)
    const noClient = await iii(['worker', 'init', 'pay', '--lang', 'go', '--sdk', dir], {
      cwd: dir,
    })
    expect(noClient.code).toBe(2)
    expect(noClient.stderr).toMatch(/--sdk .*: no go\.mod there/)
    expect(existsSync(join(dir, 'workers/pay'))).toBe(false)
  }, 120_000)
})
