import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })

describe('pnpm start (issue 14)', () => {
  it('execs the engine, so SIGTERM to the pnpm process stops the engine', {
    timeout: 240_000,
  }, async () => {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'iii-start-'))
    const config = join(dir, 'config.yaml')
    writeFileSync(config, `workers:\n  - name: iii-worker-manager\n    config: { port: ${port} }\n`)
    // Not detached: the signal goes to the pnpm process alone, as a process manager sends it.
    const pnpm = spawn('pnpm', ['start', '-c', config], { cwd: root })
    let stderr = ''
    pnpm.stderr.on('data', (d) => {
      stderr += d
    })
    pnpm.stdout.resume()
    const exited = new Promise<number | null>((done) => pnpm.once('exit', (code) => done(code)))
    try {
      await waitFor(() => stderr.includes('engine ready'), {
        timeoutMs: 180_000,
        what: `engine ready; got:\n${stderr}`,
      })
      expect(await listening(port)).toBe(true)
      pnpm.kill('SIGTERM')
      expect(await exited).toBe(0)
      await waitFor(async () => !(await listening(port)), {
        timeoutMs: 20_000,
        what: 'the engine gone from its port',
      })
      expect(stderr).toContain('engine stopped')
    } finally {
      pnpm.kill('SIGKILL')
    }
  })
})
