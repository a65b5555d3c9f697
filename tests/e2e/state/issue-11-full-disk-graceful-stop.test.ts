import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, mountTmpfs } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnEngine } from '../queue/support/processes'

const mounted = mountTmpfs(1024 * 1024)
const skip = 'skip' in mounted ? mounted.skip : undefined
if (skip) process.stderr.write(`state full-disk stop test skipped: ${skip}\n`)
const dir = mkdtempSync(join(tmpdir(), 'iii-state-full-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const config = (port: number, directory: string) =>
  JSON.stringify({
    workers: [
      { name: 'iii-worker-manager', config: { port } },
      {
        name: 'iii-state',
        config: { adapter: { name: 'file', config: { file_path: directory } } },
      },
    ],
  })

/**
 * Issue 11, row 2: the disk filled, `state::set` kept answering success while the flushes failed,
 * and a graceful stop exited 0 with all 400 acknowledged writes lost. Now a write the disk cannot
 * take answers `STORAGE_FULL` and is not stored; every write answered success is on disk before
 * the answer, so the graceful stop (still on a full disk) exits 0 and loses nothing.
 */
describe.skipIf(skip !== undefined)('state file adapter: disk full, then a graceful stop', () => {
  const disk = mounted as Exclude<typeof mounted, { skip: string }>
  afterAll(() => disk.unmount())

  it('answers STORAGE_FULL for what it cannot store and keeps every acknowledged write', {
    timeout: 90_000,
  }, async () => {
    const port = await freePort()
    const file = join(dir, 'config.json')
    const text = config(port, join(disk.dir, 'state'))
    let engine = await spawnEngine('iii', file, text)
    const connect = () => registerWorker(`ws://127.0.0.1:${port}`, { workerName: 'full-disk' })
    let worker = connect()
    const acked = new Map<string, number>()
    const refused: string[] = []
    const codes = new Set<string>()
    const set = async (key: string, n: number) => {
      const value = { n, pad: 'p'.repeat(2000) }
      await worker
        .trigger({
          function_id: 'state::set',
          payload: { scope: 's', key, value },
          timeoutMs: 20_000,
        })
        .then(
          () => acked.set(key, n),
          (err: { code?: string }) => {
            refused.push(key)
            codes.add(err.code ?? 'ERROR')
          },
        )
    }
    try {
      for (let i = 0; i < 100; i++) await set(`a${i % 50}`, i)
      disk.fill()
      for (let i = 0; i < 100; i++) await set(`b${i % 50}`, i)
      expect(refused.length).toBeGreaterThan(0)
      expect([...codes]).toEqual(['STORAGE_FULL'])
      await worker.shutdown()
      await engine.stop()
      expect(await engine.exited).toBe(0)

      disk.free()
      engine = await spawnEngine('iii (restarted)', file, text)
      worker = connect()
      for (const [key, n] of acked) {
        const got = (await worker.trigger({
          function_id: 'state::get',
          payload: { scope: 's', key },
        })) as { n: number } | null
        expect({ key, n: got?.n }).toEqual({ key, n })
      }
      const stored = (await worker.trigger({
        function_id: 'state::list',
        payload: { scope: 's' },
      })) as unknown[]
      expect(stored).toHaveLength(acked.size)
    } finally {
      await worker.shutdown()
      await engine.stop()
      disk.free()
    }
  })
})
