import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, sleep, uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker, TriggerAction } from 'iii-sdk'
import { afterAll, describe, expect, it } from 'vitest'
import { type ChaosEvent, checkHistory } from './support/chaos-check'
import { redisFixture } from './support/fixtures'
import { engineConfig } from './support/harness'
import { type Child, spawnEngine, spawnWorker } from './support/processes'

const chaos = {
  jobs: 10_000,
  produceMs: 45_000,
  drainMs: 30_000,
  leaseMs: 2000,
  /** Kill rounds: every third kills the second engine (2 in all), the others a worker (5). */
  rounds: 7,
} as const
const dir = mkdtempSync(join(tmpdir(), 'iii-queue-chaos-'))
const fixture = redisFixture()
afterAll(() => {
  if (process.env.III_KEEP_CHAOS !== '1') rmSync(dir, { recursive: true, force: true })
})

const rand = (min: number, max: number) => min + Math.random() * (max - min)

/**
 * Chaos on the Redis adapter (issue 5): two engines on one Redis, one worker process each. While
 * producers enqueue 10,000 jobs, workers and the second engine are killed (SIGKILL) and restarted
 * at random. The history of acks, handler runs, kills and lease expiries is then checked: no
 * acknowledged job is lost, and every duplicate run is explained by a crash or an expired lease.
 *
 * The kills follow a fixed plan spread over the production time, and production never runs ahead
 * of it: a process restart takes seconds on a loaded machine, and it must delay the jobs, not
 * cut the number of kills.
 */
describe('queue e2e (redis): chaos', () => {
  it('no acknowledged job is lost; every duplicate is explained', {
    timeout: 240_000,
  }, async () => {
    const started = Date.now()
    const q = uniqueName('chaos')
    const fn = 'chaos::job'
    const history = join(dir, 'runs.jsonl')
    writeFileSync(history, '')
    const events: ChaosEvent[] = []
    const settings = {
      queue_configs: { [q]: { concurrency: 10, max_retries: 10, backoff_ms: 100 } },
      lease_ms: chaos.leaseMs,
      max_stalls: 100,
    }
    const ports = { E1: await freePort(), E2: await freePort() }
    const url = (e: 'E1' | 'E2') => `ws://127.0.0.1:${ports[e]}`
    const watchLog = (engine: string) => (line: string) => {
      if (!line.includes('"msg":"job lease expired; redelivered"')) return
      const rec = JSON.parse(line)
      events.push({
        type: 'lease-expired',
        message_id: rec.message_id,
        engine,
        at: Date.parse(rec.time),
      })
    }
    const startEngine = (e: 'E1' | 'E2') =>
      spawnEngine(e, join(dir, `${e}.json`), engineConfig(fixture, settings, ports[e]), watchLog(e))
    const startWorker = (e: 'E1' | 'E2') =>
      spawnWorker(`worker@${e}`, { url: url(e), functionId: fn, mode: 'work', history, engine: e })
    const procs: Record<string, Child> = {}
    ;[procs.E1, procs.E2] = await Promise.all([startEngine('E1'), startEngine('E2')])
    ;[procs.W1, procs.W2] = await Promise.all([startWorker('E1'), startWorker('E2')])
    const engineOf: Record<string, 'E1' | 'E2'> = { W1: 'E1', W2: 'E2', E2: 'E2' }

    const fast = { initialDelayMs: 50, maxDelayMs: 300 }
    const producers: IIIWorker[] = (['E1', 'E2'] as const).map((e) =>
      registerWorker(url(e), { workerName: `producer@${e}`, reconnectionConfig: fast }),
    )
    let next = 0
    let roundsDone = 0
    const perJobMs = chaos.produceMs / chaos.jobs
    const share = chaos.jobs / (chaos.rounds + 1)
    const produce = async (p: IIIWorker) => {
      while (next < chaos.jobs) {
        const i = next++
        const due = started + i * perJobMs
        if (due > Date.now()) await sleep(due - Date.now())
        // Jobs of the next share wait for the kill round before them.
        while (i >= share * (roundsDone + 1)) await sleep(20)
        const k = `job-${i}`
        await p
          .trigger({
            function_id: fn,
            payload: { k },
            action: TriggerAction.Enqueue({ queue: q }),
            timeoutMs: 3000,
          })
          .then(
            (r) => events.push({ type: 'ack', k, message_id: r.messageReceiptId, at: Date.now() }),
            () => undefined,
          )
      }
    }
    const producing = Promise.all(
      producers.flatMap((p) => Array.from({ length: 20 }, () => produce(p))),
    )
    const kills = { worker: 0, engine: 0 }
    const restart = async (name: string) => {
      if (name === 'E2') procs.E2 = await startEngine('E2')
      else procs[name] = await startWorker(engineOf[name] ?? 'E1')
    }
    for (let round = 0; round < chaos.rounds; round++) {
      const due = started + ((round + 1) * chaos.produceMs) / (chaos.rounds + 1)
      await sleep(Math.max(due - Date.now(), rand(1000, 2000)))
      // Every third round kills the engine; the others a random worker.
      const name = round % 3 === 1 ? 'E2' : (['W1', 'W2'][Math.floor(rand(0, 2))] as string)
      const victim = procs[name] as Child
      const target = name === 'E2' ? 'engine' : 'worker'
      events.push({
        type: 'kill',
        target,
        pid: victim.pid,
        engine: engineOf[name] ?? 'E1',
        at: Date.now(),
      })
      await victim.kill9()
      kills[target]++
      await sleep(rand(200, 800))
      await restart(name)
      roundsDone++
    }
    await producing
    const produced = Date.now()

    const runs = (): ChaosEvent[] =>
      readFileSync(history, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    const acked = events.filter((e) => e.type === 'ack').map((e) => (e as { k: string }).k)
    const finished = () => {
      const ended = new Set(runs().flatMap((e) => (e.type === 'run-end' ? [e.k] : [])))
      return acked.every((k) => ended.has(k))
    }
    await waitFor(finished, { timeoutMs: chaos.drainMs, intervalMs: 250 }).catch(() => undefined)
    const stats = await waitFor(
      async () => {
        const s = await producers[0]?.trigger({
          function_id: 'engine::queue::topic_stats',
          payload: { topic: q },
        })
        return s.depth === 0 ? s : undefined
      },
      { timeoutMs: 10_000 },
    ).catch(() => undefined)

    const all = [...events, ...runs()]
    writeFileSync(join(dir, 'history.jsonl'), all.map((e) => JSON.stringify(e)).join('\n'))
    const verdict = checkHistory(all)
    const summary = {
      ...verdict,
      lost: verdict.lost.length,
      unexplained: verdict.unexplained.length,
      kills,
      produceSeconds: Math.round((produced - started) / 1000),
      totalSeconds: Math.round((Date.now() - started) / 1000),
      history: join(dir, 'history.jsonl'),
    }
    console.log('chaos summary', JSON.stringify(summary))
    for (const p of producers) await p.shutdown()
    for (const c of Object.values(procs)) await c.kill9()

    expect(verdict.acked).toBeGreaterThan(chaos.jobs * 0.9)
    expect(kills.engine).toBeGreaterThan(1)
    expect(kills.worker).toBeGreaterThan(3)
    expect(verdict.lost).toEqual([])
    expect(verdict.unexplained).toEqual([])
    expect(stats).toMatchObject({ depth: 0, dlq_depth: 0 })
  })
})
