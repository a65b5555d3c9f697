import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The environment of a user's shell: none of the variables pnpm sets for its scripts. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$)/i.test(key)) env[key] = value
  return { ...env, OTEL_ENABLED: 'false', NO_COLOR: '1' }
}

interface Run {
  child: ChildProcess
  out: { stdout: string; stderr: string }
  exited: Promise<number | null>
}

function start(command: string, args: string[], cwd: string): Run {
  const child = spawn(command, args, { cwd, env: userEnv(), detached: true })
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (d) => {
    out.stdout += d
  })
  child.stderr?.on('data', (d) => {
    out.stderr += d
  })
  const exited = new Promise<number | null>((done) => {
    child.once('error', () => done(null))
    child.once('exit', (code) => done(code))
  })
  return { child, out, exited }
}

/** Runs a command to its end; a non-zero exit fails with the command's output. */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  const r = start(command, args, cwd)
  const code = await r.exited
  if (code !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${code}\n${r.out.stdout.slice(-3000)}\n${r.out.stderr.slice(-3000)}`,
    )
  return r.out.stdout
}

const stop = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** `pnpm pack` of one workspace package into `dest`; returns the tarball's path. */
async function pack(pkgDir: string, dest: string): Promise<string> {
  const out = await run('pnpm', ['pack', '--pack-destination', dest], join(root, pkgDir))
  const tarball = out
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.endsWith('.tgz'))
    .at(-1)
  if (!tarball) throw new Error(`pnpm pack printed no tarball:\n${out}`)
  return resolve(dest, tarball)
}

/**
 * The engine and the SDK as a user outside this repository gets them: `pnpm pack` tarballs,
 * `npm install -g` of the engine into a prefix, `iii` in an empty folder, and an app that
 * depends on the SDK tarball running the README's hello world with tsx.
 */
describe('install from tarballs (issue 14)', () => {
  const children: ChildProcess[] = []
  const tmp = mkdtempSync(join(tmpdir(), 'iii-install-'))
  afterAll(() => {
    for (const c of children) stop(c, 'SIGKILL')
    rmSync(tmp, { recursive: true, force: true })
  })

  it('npm install -g the engine tarball, run iii in an empty folder, and the hello world against it', {
    timeout: 420_000,
  }, async () => {
    await run(
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'build',
        '--filter=iii-engine',
        '--filter=iii-sdk',
        '--output-logs=errors-only',
      ],
      root,
    )
    const engineTgz = await pack('engine/server', tmp)
    const sdkTgz = await pack('sdk/node', tmp)

    // Nothing of the workspace is left for npm to find: every @iii/* package is inside the build.
    for (const tgz of [engineTgz, sdkTgz]) {
      const manifest = JSON.parse(await run('tar', ['-xOzf', tgz, 'package/package.json'], tmp))
      expect(Object.keys(manifest.dependencies).filter((d) => /^(@iii\/|iii-)/.test(d))).toEqual([])
    }

    const prefix = join(tmp, 'prefix')
    // `--prefix` moves npm's global config file under the new prefix; keep the user's own
    // (registry, CA file, proxy) as a plain `npm install -g` would read it.
    const globalconfig = (await run('npm', ['config', 'get', 'globalconfig'], tmp)).trim()
    await run(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--globalconfig',
        globalconfig,
        '--no-audit',
        '--no-fund',
        engineTgz,
      ],
      tmp,
    )
    const bin = join(prefix, 'bin', 'iii')
    const version = JSON.parse(readFileSync(join(root, 'engine/server/package.json'), 'utf8'))
    expect((await run(bin, ['--version'], tmp)).trim()).toContain(version.version)

    const project = join(tmp, 'empty')
    mkdirSync(project)
    const port = await freePort()
    const consolePort = await freePort()
    writeFileSync(
      join(project, 'config.yaml'),
      `workers:\n  - name: iii-worker-manager\n    config:\n      port: ${port}\n  - name: iii-queue\n  - name: iii-console\n    config:\n      port: ${consolePort}\n`,
    )
    const engine = start(bin, [], project)
    children.push(engine.child)
    await waitFor(() => engine.out.stderr.includes('engine ready'), {
      timeoutMs: 60_000,
      what: `the installed engine ready; stderr:\n${engine.out.stderr}`,
    })

    // The console app ships inside the engine package.
    const page = await fetch(`http://127.0.0.1:${consolePort}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/<div id="root"|<script/)

    const app = join(tmp, 'app')
    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'hello-app', private: true, type: 'module' }, null, 2)}\n`,
    )
    await run('npm', ['install', '--no-audit', '--no-fund', sdkTgz, 'tsx@^4.20.0'], app)
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(code, 'README has a ts code block').toBeTruthy()
    writeFileSync(join(app, 'hello.ts'), (code as string).replaceAll('49134', String(port)))
    const hello = start(join(app, 'node_modules/.bin/tsx'), ['hello.ts'], app)
    children.push(hello.child)
    await waitFor(() => hello.out.stdout.includes('Hello, iii!'), {
      timeoutMs: 60_000,
      what: `the hello world output; stderr:\n${hello.out.stderr}`,
    })

    const reply = await run(
      bin,
      ['trigger', 'greeter::hello', 'name=iii', '--port', String(port)],
      tmp,
    )
    expect(JSON.parse(reply)).toEqual({ message: 'Hello, iii!' })

    stop(hello.child, 'SIGTERM')
    engine.child.kill('SIGTERM')
    expect(await engine.exited).toBe(0)
    expect(engine.out.stderr).toContain('engine stopped')
  })
})
