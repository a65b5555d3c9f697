import { uniqueName, waitFor } from '@iii/testing'
import { createLogger, registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { startOtlpReceiver } from '../../src/otlp-receiver'

describe('issue 18: OTLP/gRPC export of metrics and logs', () => {
  it('exports engine metrics, worker gauges and log records beside traces', async () => {
    const receiver = await startOtlpReceiver()
    try {
      await using engine = await startTestEngine({
        configText: `workers:\n  - name: iii-observability\n    config: { exporter: both, endpoint: "http://127.0.0.1:${receiver.port}", otlp_export_interval_ms: 200 }\n`,
      })
      const name = uniqueName('otlp-sig')
      const w = registerWorker(engine.url, {
        workerName: name,
        otel: { enabled: true, metricsIntervalMs: 100 },
      })
      try {
        const message = uniqueName('exported-line')
        createLogger(w).warn(message, { k: 1 })
        w.registerFunction('otlp_sig::f', async () => null)
        await waitFor(() => engine.core.functions.get('default', 'otlp_sig::f'))
        await w.trigger({ function_id: 'otlp_sig::f', payload: {} })
        await waitFor(() => receiver.text('logs').includes(message), {
          what: 'the log record at the receiver',
          timeoutMs: 20_000,
        })
        await waitFor(
          () =>
            receiver.text('metrics').includes('iii.invocations.total') &&
            receiver.text('metrics').includes(name) &&
            receiver.text('metrics').includes('process.memory.rss'),
          { what: 'engine metrics and worker gauges at the receiver', timeoutMs: 20_000 },
        )
        expect(receiver.text('metrics')).toContain('iii.workers.active')
      } finally {
        await w.shutdown()
      }
    } finally {
      await receiver.stop()
    }
  })
})
