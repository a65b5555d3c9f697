import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, tsNodeArgs, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { iii } from '../workers/support'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../../..')
const cli = resolve(root, 'engine/server/src/cli.ts')

// .ci/run installs the toolchains under their own prefixes, which a bare PATH may miss.
const path = [process.env.PATH, '/usr/local/go/bin', join(process.env.HOME ?? '', '.cargo/bin')]
  .filter(Boolean)
  .join(':')

/** Why a language's template cannot run here, or undefined when its toolchain is present. */
function missingToolchain(lang: string): string | undefined {
  const has = (command: string, args: string[]) =>
    spawnSync(command, args, { env: { ...process.env, PATH: path } }).status === 0
  if (lang === 'python' && !has('python3', ['-c', 'import venv, ensurepip']))
    return 'python3 with venv is not installed'
  if (lang === 'go' && !has('go', ['version'])) return 'go is not installed'
  if (lang === 'rust' && !has('cargo', ['--version'])) return 'cargo is not installed'
  return undefined
}

/** The environment of the generated project's processes. Rust shares the client suite's target dir. */
function projectEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: path,
    NODE_OPTIONS: '',
    CARGO_TARGET_DIR: join(root, 'sdk/rust/target'),
    CARGO_INCREMENTAL: '0',
    PYTHONDONTWRITEBYTECODE: '1',
    ...extra,
  }
}

function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(command, args, { cwd, env, detached: true })
  const out = { text: '' }
  child.stdout?.on('data', (d) => {
    out.text += d
  })
  child.stderr?.on('data', (d) => {
    out.text += d
  })
  const exited = new Promise<number | null>((done) => {
    child.once('error', () => done(null))
    child.once('exit', (code) => done(code))
  })
  return { child, out, exited }
}

const stopGroup = (child: ChildProcess) => {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** The one-time setup a language's template asks for (`next:` of `iii project init`). */
async function setUp(lang: string, workerDir: string) {
  if (lang !== 'python') return
  for (const [command, args] of [
    ['python3', ['-m', 'venv', '.venv']],
    ['.venv/bin/pip', ['install', '--disable-pip-version-check', '-q', '-r', 'requirements.txt']],
  ] as const) {
    const step = start(command, [...args], workerDir, projectEnv({}))
    expect(await step.exited, `${command} ${args.join(' ')}:\n${step.out.text}`).toBe(0)
  }
}

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

describe.each(['python', 'go', 'rust'])('iii project init --lang %s (issue 14)', (lang) => {
  const missing = missingToolchain(lang)
  it.skipIf(missing !== undefined)(
    `generates a project that runs under iii dev and answers its route${missing ? ` (skipped: ${missing})` : ''}`,
    { timeout: 900_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), `iii-init-${lang}-`))
      made.push(dir)
      const init = await iii(['project', 'init', dir, '--lang', lang])
      expect(init.stderr).toBe('')
      expect(init.code).toBe(0)
      expect(readFileSync(join(dir, 'config.yaml'), 'utf8')).toContain('iii-exec')
      await setUp(lang, join(dir, 'workers/hello'))

      const port = await freePort()
      const httpPort = await freePort()
      const env = projectEnv({ III_PORT: String(port), III_HTTP_PORT: String(httpPort) })
      const run = start(process.execPath, [...tsNodeArgs(), cli, 'dev'], dir, env)
      try {
        // A cold Rust or Go build of the worker runs first.
        await waitFor(() => run.out.text.includes('function hello::greet (hello)'), {
          timeoutMs: 600_000,
          intervalMs: 200,
          what: `hello::greet registered; output:\n${run.out.text}`,
        })
        const reply = await waitFor(
          async () => {
            const r = await fetch(`http://127.0.0.1:${httpPort}/hello?name=iii`)
            return r.status === 200 ? r.json() : undefined
          },
          { timeoutMs: 30_000, intervalMs: 100, what: 'the route answering' },
        )
        expect(reply).toEqual({ message: 'Hello, iii!' })
        await waitFor(() => run.out.text.includes('greeted iii'), {
          timeoutMs: 30_000,
          what: `the queue consumer; output:\n${run.out.text}`,
        })
        expect(run.out.text).toContain('function hello::tick (hello)')
        run.child.kill('SIGTERM')
        expect(await run.exited).toBe(0)
      } finally {
        stopGroup(run.child)
      }
    },
  )
})
