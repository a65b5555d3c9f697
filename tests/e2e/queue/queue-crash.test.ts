import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, sleep, uniqueName, waitFor } from '@iii/testing'
import { registerWorker, TriggerAction } from 'iii-sdk'
import { afterAll, describe, expect, it } from 'vitest'
import { fileFixture, redisFixture } from './support/fixtures'
import { engineConfig, type QueueFixture } from './support/harness'
import { type Child, spawnEngine } from './support/processes'

const dir = mkdtempSync(join(tmpdir(), 'iii-queue-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fixtures: QueueFixture[] = [fileFixture(), redisFixture()]
const total = 400

/**
 * BUILTINS.md §9.4: a job acknowledged to its producer survives `kill -9` of the engine. Jobs are
 * enqueued and consumed while the engine process is killed and restarted on the same store; every
 * acknowledged job must run afterwards (jobs leased at the kill run again once their leases expire).
 */
describe.each(fixtures.map((f) => [f.name, f] as const))(
  'queue e2e (%s): kill -9 of the engine',
  (_name, fixture) => {
    it('loses no acknowledged job', { timeout: 120_000 }, async () => {
      const q = uniqueName('crash')
      const port = await freePort()
      const config = engineConfig(
        fixture,
        { queue_configs: { [q]: { concurrency: 5 } }, lease_ms: 1000, store: 'crash' },
        port,
      )
      const configPath = join(dir, `${uniqueName('engine')}.json`)
      let engine: Child = await spawnEngine('engine', configPath, config)
      const url = `ws://127.0.0.1:${port}`
      const fast = { initialDelayMs: 50, maxDelayMs: 200 }
      const fn = uniqueName('e2e::crash')
      const seen = new Set<number>()
      const consumer = registerWorker(url, { workerName: 'consumer', reconnectionConfig: fast })
      consumer.registerFunction(fn, async (d: { k: number }) => {
        await sleep(10)
        seen.add(d.k)
        return null
      })
      const producer = registerWorker(url, { workerName: 'producer', reconnectionConfig: fast })
      const acked = new Set<number>()
      let killed = false
      const crash = (async () => {
        await waitFor(() => acked.size >= total / 3, { timeoutMs: 60_000 })
        await engine.kill9()
        killed = true
        engine = await spawnEngine('engine (restarted)', configPath, config)
      })()
      let next = 0
      const produce = async () => {
        while (next < total) {
          const k = next++
          const action = TriggerAction.Enqueue({ queue: q })
          await producer.trigger({ function_id: fn, payload: { k }, action, timeoutMs: 4000 }).then(
            () => acked.add(k),
            () => undefined, // not acknowledged: the engine died with the call in flight
          )
        }
      }
      await Promise.all(Array.from({ length: 10 }, produce))
      await crash
      expect(killed).toBe(true)
      expect(acked.size).toBeGreaterThan(total / 2)
      const missing = () => [...acked].filter((k) => !seen.has(k))
      await waitFor(() => missing().length === 0, {
        timeoutMs: 30_000,
        what: 'every acknowledged job to run',
      }).catch(() => undefined)
      expect(missing()).toEqual([])
      await producer.shutdown()
      await consumer.shutdown()
      await engine.stop()
    })
  },
)
