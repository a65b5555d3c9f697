import { createLogger, type LogRecord } from '@iii/core'
import { sleep, startRedisServer, uniqueName, waitFor } from '@iii/testing'
import { startEngine } from 'iii-engine'
import { registerWorker, TriggerAction } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { TcpProxy } from '../../src/tcp-proxy'

/**
 * Issue 11, row 10: Redis goes away while producers enqueue. Enqueues whose script reached Redis
 * but whose answer never came back used to answer `enqueue_error` ("not stored") and run later.
 * Now such a call answers `ENQUEUE_OUTCOME_UNKNOWN`; `enqueue_error` means the job was not stored
 * (it never runs); and a retry with the same idempotency key after Redis is back never runs a job
 * twice.
 */
describe('queue e2e (redis): enqueue while Redis is unreachable', () => {
  it('answers ENQUEUE_OUTCOME_UNKNOWN when the job may be stored; a retry never runs it twice', {
    timeout: 120_000,
  }, async () => {
    const redis = await startRedisServer()
    const proxy = await TcpProxy.start(redis.port)
    const records: LogRecord[] = []
    const logger = createLogger({
      level: 'info',
      write: () => {},
      onRecord: (r) => records.push(r),
    })
    const q = uniqueName('outage')
    const engine = await startEngine({
      configText: JSON.stringify({
        workers: [
          { name: 'iii-worker-manager', config: { port: 0 } },
          {
            name: 'iii-queue',
            config: {
              adapter: { name: 'redis', config: { redis_url: `redis://127.0.0.1:${proxy.port}` } },
              lease_ms: 2000,
              queue_configs: { [q]: { concurrency: 10, max_retries: 20, backoff_ms: 100 } },
            },
          },
        ],
      }),
      randomPorts: true,
      logger,
    })
    const fn = uniqueName('outage::job')
    const runs = new Map<string, number>()
    const consumer = registerWorker(engine.url, { workerName: 'consumer' })
    consumer.registerFunction(fn, async (d: { k: string }) => {
      runs.set(d.k, (runs.get(d.k) ?? 0) + 1)
      return null
    })
    const producer = registerWorker(engine.url, { workerName: 'producer' })
    const answers = new Map<string, string>()
    const ids = new Map<string, string>()
    const enqueue = (k: string) =>
      producer
        .trigger<unknown, { messageReceiptId: string }>({
          function_id: fn,
          payload: { k },
          action: TriggerAction.Enqueue({ queue: q, idempotency_key: k }),
          timeoutMs: 60_000,
        })
        .then(
          (r) => {
            ids.set(k, r.messageReceiptId)
            return 'ok'
          },
          (err: { code?: string }) => err.code ?? 'ERROR',
        )
    try {
      await waitFor(() => engine.core.functions.get('default', fn), { what: fn })
      let next = 0
      let outage = false
      const one = async () => {
        const k = `job-${next++}`
        answers.set(k, await enqueue(k))
      }
      const produce = async () => {
        while (!outage) await one()
        await one() // sent while Redis is unreachable
      }
      const producing = Promise.all(Array.from({ length: 10 }, produce))
      await waitFor(() => [...answers.values()].filter((a) => a === 'ok').length >= 100, {
        timeoutMs: 30_000,
      })
      // Requests reach Redis, answers do not; then Redis is unreachable for a while, long enough
      // for the client to give up on the calls it holds (20 reconnect attempts, about 10 s).
      proxy.dropReplies()
      await sleep(300)
      const refused = proxy.refuse()
      proxy.cutAll()
      await refused
      outage = true
      await sleep(20_000)
      await proxy.accept()
      await producing

      const of = (code: string) => [...answers].filter(([, a]) => a === code).map(([k]) => k)
      const unknown = of('ENQUEUE_OUTCOME_UNKNOWN')
      const notStored = [...answers].filter(
        ([, a]) => a !== 'ok' && a !== 'ENQUEUE_OUTCOME_UNKNOWN',
      )
      const tally: Record<string, number> = {}
      for (const a of answers.values()) tally[a] = (tally[a] ?? 0) + 1
      console.log('answers during the outage', JSON.stringify(tally))
      expect(unknown.length).toBeGreaterThan(0)
      // Retried with the same key once Redis is back: stored once, whichever try stored it.
      for (const k of unknown) answers.set(k, await enqueue(k))
      const ok = of('ok')
      await waitFor(() => ok.every((k) => runs.has(k)), {
        timeoutMs: 30_000,
        what: 'every acknowledged job to run',
      }).catch(() => undefined)
      const redelivered = new Set(
        records
          .filter((r) => r.msg === 'job lease expired; redelivered')
          .map((r) => r.fields.message_id),
      )
      // A job may run again only after its lease expired (its first run's result was lost).
      const twice = [...runs].filter(([k, n]) => n > 1 && !redelivered.has(ids.get(k)))
      console.log(
        'outage',
        JSON.stringify({
          answers: answers.size,
          ok: ok.length,
          unknown: unknown.length,
          not_stored: notStored.length,
          redelivered: redelivered.size,
        }),
      )
      expect(ok.filter((k) => !runs.has(k))).toEqual([])
      expect(notStored.filter(([k]) => runs.has(k))).toEqual([])
      expect(notStored.map(([, code]) => code).every((c) => c === 'enqueue_error')).toBe(true)
      expect(twice).toEqual([])
    } finally {
      await producer.shutdown()
      await consumer.shutdown()
      await engine.stop().catch(() => undefined)
      await proxy.close()
      await redis.stop()
    }
  })

  it('stores one job per receipt id: the same receipt sent again never runs twice', async () => {
    const redis = await startRedisServer()
    const q = uniqueName('receipt')
    const engine = await startEngine({
      configText: JSON.stringify({
        workers: [
          { name: 'iii-worker-manager', config: { port: 0 } },
          {
            name: 'iii-queue',
            config: {
              adapter: { name: 'redis', config: { redis_url: redis.url } },
              queue_configs: { [q]: { concurrency: 1 } },
            },
          },
        ],
      }),
      randomPorts: true,
      logger: createLogger({ level: 'error', write: () => {} }),
    })
    const fn = uniqueName('receipt::job')
    const runs: string[] = []
    const worker = registerWorker(engine.url, { workerName: 'receipts' })
    worker.registerFunction(fn, async (d: { k: string }) => {
      runs.push(d.k)
      return null
    })
    const send = (k: string, receipt: string) =>
      worker.trigger<unknown, { messageReceiptId: string }>({
        function_id: 'engine::queue::enqueue',
        payload: { queue: q, function_id: fn, data: { k }, messageReceiptId: receipt },
      })
    try {
      await waitFor(() => engine.core.functions.get('default', fn), { what: fn })
      const first = await send('a', 'receipt-1')
      await waitFor(() => runs.includes('a'), { what: 'the first run' })
      // The job ran and is gone; the same receipt again (a resend) is the same job, not a new one.
      expect(await send('a', 'receipt-1')).toEqual(first)
      await send('b', 'receipt-2')
      await waitFor(() => runs.includes('b'), { what: 'the job sent after it' })
      expect(runs).toEqual(['a', 'b'])
    } finally {
      await worker.shutdown()
      await engine.stop()
      await redis.stop()
    }
  })
})
