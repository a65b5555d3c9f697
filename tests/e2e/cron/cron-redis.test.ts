import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, type RedisServer, sleep, startRedisServer, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Child, spawnEngine } from '../queue/support/processes'

const runMs = 30_000
const dir = mkdtempSync(join(tmpdir(), 'iii-cron-redis-'))
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * BUILTINS.md §8: two engine processes share one Redis for their cron locks; a replica of the
 * same worker on each registers the same every-second trigger. For 30 s every instant must fire
 * once and only once across both.
 */
describe('cron e2e (redis locks): two engines, one Redis', () => {
  it('each instant fires exactly once', { timeout: 120_000 }, async () => {
    const cron = {
      name: 'iii-cron',
      config: { adapter: { name: 'redis', config: { redis_url: redis.url } } },
    }
    const engines: Child[] = []
    const workers: IIIWorker[] = []
    const fires: { scheduled: string; engine: number; job: string }[] = []
    for (const n of [0, 1]) {
      const port = await freePort()
      const text = JSON.stringify({
        workers: [{ name: 'iii-worker-manager', config: { port } }, cron],
      })
      engines.push(await spawnEngine(`engine ${n}`, join(dir, `engine-${n}.json`), text))
      const w = registerWorker(`ws://127.0.0.1:${port}`, { workerName: `replica-${n}` })
      w.registerFunction(
        'cron::every-second',
        async (d: { scheduled_time: string; job_id: string }) => {
          fires.push({ scheduled: d.scheduled_time, engine: n, job: d.job_id })
          return null
        },
      )
      w.registerTrigger({
        type: 'cron',
        function_id: 'cron::every-second',
        config: { expression: '* * * * * *' },
      })
      workers.push(w)
    }
    await waitFor(() => new Set(fires.map((f) => f.engine)).size >= 1, { timeoutMs: 10_000 })
    const from = Date.now()
    await sleep(runMs)
    const to = Date.now()
    for (const w of workers) await w.shutdown()
    for (const e of engines) await e.stop()

    const inWindow = fires.filter(
      (f) => Date.parse(f.scheduled) >= from + 1000 && Date.parse(f.scheduled) <= to - 1000,
    )
    const instants = inWindow.map((f) => Date.parse(f.scheduled)).sort((a, b) => a - b)
    const dupes = instants.filter((t, i) => t === instants[i - 1])
    console.log('cron redis summary', {
      fires: inWindow.length,
      byEngine: [0, 1].map((n) => inWindow.filter((f) => f.engine === n).length),
      duplicates: dupes.length,
    })
    expect(dupes).toEqual([])
    const expected: number[] = []
    for (let t = instants[0] as number; t <= (instants.at(-1) as number); t += 1000)
      expected.push(t)
    expect(instants).toEqual(expected) // no instant skipped either
    expect(instants.length).toBeGreaterThanOrEqual(runMs / 1000 - 3)
    expect(new Set(fires.map((f) => f.job)).size).toBe(1) // both engines compute the same job id
  })
})
