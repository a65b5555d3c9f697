import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, sleep, waitFor } from '@iii/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { type ChaosEvent, checkHistory } from '../../queue/support/chaos-check'
import { type Child, spawnEngine } from '../../queue/support/processes'
import { crashEngineConfig, type StoreChoice } from './engine-config'
import { checkKv } from './kv-history'
import { watchLeases } from './lease-watch'
import { Workload } from './workload'

/** Kill rounds per store family; `III_CRASH_ROUNDS=50` for a long run. */
const rounds = Number(process.env.III_CRASH_ROUNDS ?? 3)
const rand = (min: number, max: number) => min + Math.random() * (max - min)

/** Checks every acknowledged state and stream write against what the engine holds now. */
async function checkStores(load: Workload, when: string): Promise<number> {
  let acked = 0
  for (const store of ['state', 'stream'] as const) {
    const verdict = checkKv(load.kv[store], await load.read(store))
    expect({ when, store, lost: verdict.lost, phantom: verdict.phantom }).toEqual({
      when,
      store,
      lost: [],
      phantom: [],
    })
    acked += verdict.acked
  }
  return acked
}

/**
 * Issue 11 (rows 1 and 5, "Done when" 1): state, stream and queue writes are acknowledged without
 * pause while the engine is killed with SIGKILL at random moments and restarted on the same
 * store. After every restart a history checker compares the stores with every answer given: no
 * acknowledged write is lost (a write whose answer the crash swallowed may or may not be there).
 * Every acknowledged job runs; a job runs twice only when an engine crash explains it.
 */
export function describeKill9Suite(name: string, choose: () => StoreChoice): void {
  describe(`crash suite (${name} adapters): kill -9 of the engine`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'iii-crash-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    it('loses no acknowledged write', { timeout: 90_000 + rounds * 40_000 }, async () => {
      const port = await freePort()
      const config = crashEngineConfig(choose(), port)
      const configPath = join(dir, `${name}.json`)
      const { leases, watch } = watchLeases()
      let engine: Child = await spawnEngine('engine', configPath, config, watch)
      const load = new Workload({ url: `ws://127.0.0.1:${port}`, engine: 'E' })
      const kills: ChaosEvent[] = []
      try {
        load.start()
        for (let round = 0; round < rounds; round++) {
          const before = load.acks()
          await waitFor(() => load.acks() >= before + 200, { timeoutMs: 30_000, what: 'acks' })
          await sleep(rand(0, 400))
          kills.push({
            type: 'kill',
            target: 'engine',
            pid: engine.pid,
            engine: 'E',
            at: Date.now(),
          })
          await engine.kill9()
          engine = await spawnEngine(`engine (restart ${round + 1})`, configPath, config, watch)
          await load.pause()
          await checkStores(load, `after kill ${round + 1}`)
          load.resume()
        }
        await load.stop()
        const acked = await checkStores(load, 'at the end')
        const store = choose()
        if (store.kind === 'file') {
          // Nothing is left behind half-written: no temp file of a rewrite, no compaction file.
          const files = readdirSync(store.directory, { recursive: true }).map(String)
          expect(files.filter((f) => f.endsWith('.tmp') || f.endsWith('.compact'))).toEqual([])
          expect(files.filter((f) => f.includes('.corrupt-'))).toEqual([])
        }
        const jobs = () => [...load.queue, ...kills, ...leases]
        await waitFor(() => checkHistory(jobs()).lost.length === 0, {
          timeoutMs: 30_000,
          what: 'every acknowledged job to run',
        }).catch(() => undefined)
        const verdict = checkHistory(jobs())
        console.log(
          `crash suite (${name})`,
          JSON.stringify({ rounds, kv_acked: acked, ...verdict, lost: verdict.lost.length }),
        )
        expect(acked).toBeGreaterThan(rounds * 100)
        expect(verdict.acked).toBeGreaterThan(rounds * 10)
        expect(verdict.lost).toEqual([])
        expect(verdict.unexplained).toEqual([])
      } finally {
        await load.worker.shutdown()
        await engine.kill9()
      }
    })
  })
}
