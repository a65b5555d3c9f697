import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnEngine } from '../queue/support/processes'

const dir = mkdtempSync(join(tmpdir(), 'iii-typo-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const config = (port: number, maxValueBytes: number) =>
  [
    'workers:',
    '  - name: iii-worker-manager',
    `    config: { port: ${port} }`,
    '  - name: iii-state',
    `    config: { adapter: { name: memory }, max_value_bytes: ${maxValueBytes} }`,
    '',
  ].join('\n')

/**
 * Issue 11, row 8: a typo in the live config file (an unclosed `{`) made the running `iii`
 * process exit 1. The file is now rejected with an error naming it and the reason; the engine
 * keeps running on the config it had, and the next valid save is applied.
 */
describe('a typo in the watched config file of a running iii', () => {
  it('is rejected and logged; the engine keeps running and applies the next valid save', {
    timeout: 90_000,
  }, async () => {
    const port = await freePort()
    const file = join(dir, 'config.yaml')
    const engine = await spawnEngine('iii', file, config(port, 1000))
    const worker = registerWorker(`ws://127.0.0.1:${port}`, { workerName: 'typo-client' })
    const call = (function_id: string, payload: unknown) =>
      worker.trigger({ function_id, payload, timeoutMs: 20_000 })
    try {
      await call('state::set', { scope: 's', key: 'k', value: 'kept' })
      writeFileSync(
        file,
        config(port, 1000).replace('max_value_bytes: 1000 }', 'max_value_bytes: 1000'),
      )
      const line = await engine.waitForLine((l) => l.includes('config reload rejected'))
      const rejected = JSON.parse(line)
      expect(rejected).toMatchObject({
        level: 'error',
        file,
        reason: expect.stringMatching(/parse failed/),
      })
      expect(engine.proc.exitCode).toBeNull()
      expect(await call('state::get', { scope: 's', key: 'k' })).toBe('kept')

      writeFileSync(file, config(port, 4))
      await engine.waitForLine((l) => l.includes('"msg":"config reloaded"'))
      const tooBig = await call('state::set', {
        scope: 's',
        key: 'k2',
        value: 'more than 4 bytes',
      }).then(
        () => undefined,
        (err: { code?: string }) => err.code,
      )
      expect(tooBig).toBeDefined()
      await waitFor(async () => (await call('state::get', { scope: 's', key: 'k' })) === 'kept')
    } finally {
      await worker.shutdown()
      await engine.stop()
    }
  })
})
