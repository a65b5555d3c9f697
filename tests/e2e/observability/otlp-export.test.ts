import * as grpc from '@grpc/grpc-js'
import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

/** A minimal OTLP/gRPC trace receiver: it records the raw ExportTraceServiceRequest bytes. */
async function startReceiver() {
  const requests: Buffer[] = []
  const server = new grpc.Server()
  const raw = (b: Buffer) => b
  server.addService(
    {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: raw,
        requestDeserialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    },
    {
      Export: (
        call: grpc.ServerUnaryCall<Buffer, Buffer>,
        callback: grpc.sendUnaryData<Buffer>,
      ) => {
        requests.push(call.request)
        callback(null, Buffer.alloc(0))
      },
    },
  )
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  )
  return {
    port,
    requests,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  }
}

describe('OTLP export', () => {
  it('sends the engine spans to an OTLP/gRPC receiver, and keeps them in memory with exporter: both', async () => {
    const receiver = await startReceiver()
    const engine = await startTestEngine({
      configText: `workers:\n  - name: iii-observability\n    config: { exporter: both, endpoint: "http://127.0.0.1:${receiver.port}", service_name: otlp-test-engine }\n`,
    })
    try {
      const w = registerWorker(engine.url, { workerName: uniqueName('otlp') })
      w.registerFunction('otlp::traced', async () => 'done')
      await waitFor(() => engine.core.functions.get('default', 'otlp::traced'))
      await w.trigger<any>({ function_id: 'otlp::traced', payload: {} })
      const body = await waitFor(
        () =>
          Buffer.concat(receiver.requests).toString('latin1').includes('call otlp::traced') &&
          Buffer.concat(receiver.requests),
        {
          what: 'the span at the receiver',
          timeoutMs: 15_000,
        },
      )
      const text = body.toString('latin1')
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
