import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsNodeArgs, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const here = dirname(fileURLToPath(import.meta.url))

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

function run(command: string, args: string[], cwd: string) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, OTEL_ENABLED: 'false' },
    detached: true,
  })
  const out = { stdout: '', stderr: '' }
  child.stdout?.on('data', (d) => {
    out.stdout += d
  })
  child.stderr?.on('data', (d) => {
    out.stderr += d
  })
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, out, exited }
}

/** Stops a whole process group (pnpm → turbo/node). */
const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => {
  try {
    if (child.pid) process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/**
 * The README's promises, run as a user would: `pnpm start` serves the default ports, the hello
 * world runs unchanged against it, and `pnpm iii trigger` calls the function from a shell.
 */
describe('README', () => {
  const children: ChildProcess[] = []
  const snippet = join(here, 'hello.generated.mts')
  afterAll(() => {
    for (const c of children) stop(c, 'SIGKILL')
    rmSync(snippet, { force: true })
  })

  it('pnpm start, the hello world, and pnpm iii trigger all work', {
    timeout: 240_000,
  }, async () => {
    for (const port of [49134, 3111, 3112]) {
      expect(await portFree(port), `port ${port} must be free for pnpm start`).toBe(true)
    }
    const engine = run('pnpm', ['start'], root)
    children.push(engine.child)
    await waitFor(() => engine.out.stderr.includes('engine ready'), {
      timeoutMs: 180_000,
      what: `engine ready; got:\n${engine.out.stderr}`,
    })

    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(code, 'README has a ts code block').toBeTruthy()
    writeFileSync(snippet, code as string)
    const hello = run(process.execPath, [...tsNodeArgs(), snippet], here)
    children.push(hello.child)
    await waitFor(() => hello.out.stdout.includes('Hello, iii!'), {
      timeoutMs: 30_000,
      what: `the hello world output; stderr:\n${hello.out.stderr}`,
    })

    const trigger = run('pnpm', ['iii', 'trigger', 'greeter::hello', 'name=iii'], root)
    expect(await trigger.exited).toBe(0)
    expect(JSON.parse(trigger.out.stdout)).toEqual({ message: 'Hello, iii!' })

    stop(hello.child)
    stop(engine.child)
    expect(await engine.exited).not.toBeUndefined()
    await waitFor(() => engine.out.stderr.includes('engine stopped'), {
      timeoutMs: 20_000,
      what: 'graceful stop',
    })
  })
})
