import { uniqueName, waitFor } from '@iii/testing'
import { createLogger, registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

type SdkRow = { worker_name: string; metrics: Record<string, number> }
type Log = {
  body: unknown
  attributes: Record<string, unknown>
  service_name: string
  trace_id?: string
  instrumentation_scope_name?: string
}

describe('issue 18: iii-sdk sends MTRC and LOGS frames', () => {
  it('sends heap, RSS, CPU and event-loop lag gauges; engine::metrics::list shows them per worker', async () => {
    await using engine = await startTestEngine()
    const name = uniqueName('gauges')
    const w = registerWorker(engine.url, {
      workerName: name,
      otel: { enabled: true, metricsIntervalMs: 100 },
    })
    try {
      const row = await waitFor(
        async () => {
          const { sdk_metrics } = await w.trigger<unknown, { sdk_metrics: SdkRow[] }>({
            function_id: 'engine::metrics::list',
            payload: {},
          })
          return sdk_metrics.find((r) => r.worker_name === name)
        },
        { what: 'the worker gauges' },
      )
      expect(row.metrics['process.memory.heap_used']).toBeGreaterThan(0)
      expect(row.metrics['process.memory.rss']).toBeGreaterThan(0)
      expect(row.metrics['process.cpu.utilization']).toBeGreaterThanOrEqual(0)
      expect(row.metrics['nodejs.event_loop.lag']).toBeGreaterThanOrEqual(0)
      const info = await w.trigger<
        unknown,
        { worker: { latest_metrics?: Record<string, number> } }
      >({ function_id: 'engine::workers::info', payload: { name } })
      expect(info.worker.latest_metrics?.['process.memory.rss']).toBeGreaterThan(0)
    } finally {
      await w.shutdown()
    }
  })

  it("sends its logger's records as LOGS frames, with the trace of the call, stored once", async () => {
    await using engine = await startTestEngine()
    const name = uniqueName('logs')
    const w = registerWorker(engine.url, { workerName: name, otel: { enabled: true } })
    const log = createLogger(w)
    const message = uniqueName('shipped')
    try {
      const id = `${name.replace(/-/g, '_')}::ship`
      w.registerFunction(id, async () => {
        log.warn(message, { order: 7, nested: { a: 1 } })
        return null
      })
      await waitFor(() => engine.core.functions.get('default', id))
      await w.trigger({ function_id: id, payload: {} })
      const mine = await waitFor(
        async () => {
          const { logs } = await w.trigger<unknown, { logs: Log[] }>({
            function_id: 'engine::logs::list',
            payload: { limit: 1000 },
          })
          const found = logs.filter((l) => l.body === message)
          return found.length > 0 ? found : undefined
        },
        { what: 'the log record' },
      )
      expect(mine).toHaveLength(1)
      expect(mine[0]).toMatchObject({
        service_name: name,
        instrumentation_scope_name: 'iii-sdk',
        attributes: { order: 7, nested: '{"a":1}' },
      })
      expect(mine[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/)
    } finally {
      await w.shutdown()
    }
  })

  it('a malformed LOGS or MTRC frame is dropped and the connection keeps working', async () => {
    await using engine = await startTestEngine()
    const raw = await RawClient.connect(engine.url)
    try {
      raw.announce(uniqueName('raw'))
      const ws = (raw as unknown as { ws: { send(d: Buffer): void } }).ws
      ws.send(Buffer.from('LOGS{not json'))
      ws.send(Buffer.from('MTRC[1,2'))
      raw.send({
        type: 'invokefunction',
        invocation_id: 'x1',
        function_id: 'engine::health::check',
        data: {},
      })
      const answer = await raw.next(
        (f) => f.type === 'invocationresult' && f.invocation_id === 'x1',
      )
      expect(answer.result).toMatchObject({ status: 'healthy' })
      await waitFor(() => engine.records.find((r) => r.msg.includes('telemetry frame is not JSON')))
    } finally {
      await raw.close()
    }
  })
})
