import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, tsNodeArgs, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { iii } from '../workers/support'

const here = dirname(fileURLToPath(import.meta.url))
const cli = resolve(here, '../../../engine/server/src/cli.ts')
const esc = '\u001b['

const made: string[] = []
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children)
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`

/** `iii dev` in `cwd`; with `tty`, under `script` so its stdout and stderr are a terminal. */
function dev(cwd: string, env: Record<string, string>, tty: boolean) {
  const argv = [process.execPath, ...tsNodeArgs(), cli, 'dev']
  const [command, args] = tty
    ? ['script', ['-qfec', argv.map(quote).join(' '), '/dev/null']]
    : [argv[0] as string, argv.slice(1)]
  const child = spawn(command, args, {
    cwd,
    // Our iii-sdk from source is TypeScript: every node process of the project loads tsx.
    env: { ...process.env, ...env, NODE_OPTIONS: '--conditions=@iii/source --import tsx' },
    detached: true,
  })
  children.push(child)
  const out = { text: '' }
  child.stdout?.on('data', (d) => {
    out.text += d
  })
  child.stderr?.on('data', (d) => {
    out.text += d
  })
  return { child, out }
}

async function runProject(dir: string, tty: boolean, noColor = '') {
  const port = await freePort()
  const httpPort = await freePort()
  const run = dev(
    dir,
    { III_PORT: String(port), III_HTTP_PORT: String(httpPort), NO_COLOR: noColor },
    tty,
  )
  await waitFor(() => /route GET \/hello → hello::greet/.test(run.out.text), {
    timeoutMs: 90_000,
    what: `the route line; output:\n${run.out.text}`,
  })
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${httpPort}/hello?name=iii`)).status === 200,
    { timeoutMs: 30_000, what: 'the route answering' },
  )
  await waitFor(() => run.out.text.includes('greeted iii'), {
    timeoutMs: 30_000,
    what: `the worker's output; output:\n${run.out.text}`,
  })
  return run
}

describe('iii dev log stream (issue 14)', () => {
  it('tags each worker line, narrates connects, functions, routes, triggers and parked bindings; colour only on a terminal', {
    timeout: 240_000,
  }, async () => {
    const dir = mkdtempSync(join(here, '.generated-dev-'))
    made.push(dir)
    expect((await iii(['project', 'init', dir, '--lang', 'js'])).code).toBe(0)
    // No iii-cron: the worker's cron binding has no provider and is parked.
    const config = join(dir, 'config.yaml')
    writeFileSync(config, readFileSync(config, 'utf8').replace('  - name: iii-cron\n', ''))

    const [piped, tty, ttyNoColor] = await Promise.all([
      runProject(dir, false),
      runProject(dir, true),
      runProject(dir, true, '1'),
    ])

    const lines = piped.out.text.split('\n')
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[dev\] worker hello connected \(pid \d+\)$/),
    )
    expect(lines).toContain('[dev] function hello::greet (hello)')
    expect(lines).toContain('[dev] route GET /hello → hello::greet (hello)')
    expect(lines).toContain('[dev] trigger durable:subscriber → hello::on-greeting (hello)')
    expect(lines).toContain(
      '[dev] trigger cron → hello::tick (hello) parked: no worker provides trigger type cron yet (add the worker that does to config.yaml)',
    )
    expect(lines).toContain('hello    | greeted iii')
    expect(piped.out.text).not.toContain(esc)

    // On a terminal the worker's tag and name are coloured; NO_COLOR turns that off.
    const shown = tty.out.text.replaceAll(esc, '<ESC>')
    expect(shown).toMatch(/<ESC>\d+mhello {4}\|<ESC>39m greeted iii/)
    expect(shown).toMatch(/\[dev\] worker <ESC>\d+mhello<ESC>39m connected/)
    expect(ttyNoColor.out.text).toContain('hello    | greeted iii')
    expect(ttyNoColor.out.text).not.toContain(esc)
  })
})
