import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { startOtlpReceiver } from '../../src/otlp-receiver'

describe('OTLP export', () => {
  it('sends the engine spans to an OTLP/gRPC receiver, and keeps them in memory with exporter: both', async () => {
    const receiver = await startOtlpReceiver()
    const engine = await startTestEngine({
      configText: `workers:\n  - name: iii-observability\n    config: { exporter: both, endpoint: "http://127.0.0.1:${receiver.port}", service_name: otlp-test-engine }\n`,
    })
    try {
      const w = registerWorker(engine.url, { workerName: uniqueName('otlp') })
      w.registerFunction('otlp::traced', async () => 'done')
      await waitFor(() => engine.core.functions.get('default', 'otlp::traced'))
      await w.trigger<any>({ function_id: 'otlp::traced', payload: {} })
      await waitFor(() => receiver.text('traces').includes('call otlp::traced'), {
        what: 'the span at the receiver',
        timeoutMs: 15_000,
      })
      const text = receiver.text('traces')
      expect(text).toContain('otlp-test-engine')
      expect(text).toContain('iii.function.id')
      const { spans } = await w.trigger<any>({
        function_id: 'engine::traces::list',
        payload: { name: 'call otlp::traced' },
      })
      expect(spans.length).toBeGreaterThan(0)
      await w.shutdown()
    } finally {
      await engine.stop()
      await receiver.stop()
    }
  })

  it('refuses trace queries when only exporting over OTLP', async () => {
    const engine = await startTestEngine({
      configText:
        'workers:\n  - name: iii-observability\n    config: { exporter: otlp, endpoint: "http://127.0.0.1:9" }\n',
    })
    try {
      const w = registerWorker(engine.url, { workerName: uniqueName('otlp-only') })
      const err = await w
        .trigger<any>({ function_id: 'engine::traces::list', payload: {} })
        .catch((e) => e)
      expect(err.code).toBe('memory_exporter_not_enabled')
      await w.shutdown()
    } finally {
      await engine.stop()
    }
  })
})
