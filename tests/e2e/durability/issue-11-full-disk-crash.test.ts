import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, mountTmpfs, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { type ChaosEvent, checkHistory } from '../queue/support/chaos-check'
import { type Child, spawnEngine } from '../queue/support/processes'
import { crashEngineConfig } from './support/engine-config'
import { checkKv } from './support/kv-history'
import { watchLeases } from './support/lease-watch'
import { Workload } from './support/workload'

const mounted = mountTmpfs(1024 * 1024)
const skip = 'skip' in mounted ? mounted.skip : undefined
if (skip) process.stderr.write(`full-disk crash suite skipped: ${skip}\n`)
const dir = mkdtempSync(join(tmpdir(), 'iii-full-disk-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Issue 11 (rows 2 and 5, "Done when" 2): the state, stream and queue file adapters write to a
 * 1 MiB tmpfs while the workload of the crash suite runs. The disk is filled mid-run, then
 * freed; then the engine is killed with SIGKILL and restarted. The engine never exits, every
 * refused call got `STORAGE_FULL` (and nothing it refused is stored), the adapters recover by
 * themselves once space returns, and the history checker finds no acknowledged write lost.
 */
describe.skipIf(skip !== undefined)('crash suite (file adapters) on a disk that fills', () => {
  const disk = mounted as Exclude<typeof mounted, { skip: string }>
  afterAll(() => disk.unmount())

  it('refuses with STORAGE_FULL, recovers, and loses no acknowledged write', {
    timeout: 120_000,
  }, async () => {
    const port = await freePort()
    const config = crashEngineConfig({ kind: 'file', directory: disk.dir }, port)
    const configPath = join(dir, 'engine.json')
    const { leases, watch } = watchLeases()
    let engine: Child = await spawnEngine('engine', configPath, config, watch)
    const load = new Workload({ url: `ws://127.0.0.1:${port}`, engine: 'E', padBytes: 200 })
    const kills: ChaosEvent[] = []
    const refusals = () => ({
      state: load.kv.state.filter((e) => e.type === 'fail').length,
      stream: load.kv.stream.filter((e) => e.type === 'fail').length,
      queue: load.queueFails.length,
    })
    try {
      load.start()
      await waitFor(() => load.acks() >= 200, { timeoutMs: 30_000, what: 'acks' })
      disk.fill()
      await waitFor(() => Object.values(refusals()).every((n) => n >= 5), {
        timeoutMs: 30_000,
        what: 'refusals of state, stream and queue writes',
      })
      disk.free()
      const before = load.acks()
      await waitFor(() => load.acks() >= before + 300, {
        timeoutMs: 30_000,
        what: 'acks after the space returned',
      })
      expect(engine.proc.exitCode).toBeNull()
      await load.pause()
      kills.push({ type: 'kill', target: 'engine', pid: engine.pid, engine: 'E', at: Date.now() })
      await engine.kill9()
      engine = await spawnEngine('engine (restarted)', configPath, config, watch)
      await load.stop()

      const codes = new Set([
        ...[...load.kv.state, ...load.kv.stream].flatMap((e) =>
          e.type === 'fail' ? [e.code] : [],
        ),
        ...load.queueFails.map((f) => f.code),
      ])
      expect([...codes]).toEqual(['STORAGE_FULL'])
      for (const store of ['state', 'stream'] as const) {
        const verdict = checkKv(load.kv[store], await load.read(store))
        expect({ store, lost: verdict.lost, phantom: verdict.phantom }).toEqual({
          store,
          lost: [],
          phantom: [],
        })
      }
      const jobs = () => [...load.queue, ...kills, ...leases]
      await waitFor(() => checkHistory(jobs()).lost.length === 0, {
        timeoutMs: 30_000,
        what: 'every acknowledged job to run',
      }).catch(() => undefined)
      const verdict = checkHistory(jobs())
      const refusedJobs = new Set(load.queueFails.map((f) => f.k))
      const ranRefused = load.queue.filter((e) => e.type === 'run-start' && refusedJobs.has(e.k))
      console.log('full-disk suite', JSON.stringify({ refusals: refusals(), ...verdict }))
      expect(verdict.lost).toEqual([])
      expect(verdict.unexplained).toEqual([])
      expect(ranRefused).toEqual([])
    } finally {
      await load.worker.shutdown()
      await engine.kill9()
    }
  })
})
