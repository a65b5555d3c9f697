import * as grpc from '@grpc/grpc-js'

/** The OTLP/gRPC export paths, by signal. */
export const otlpServices = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
} as const

export type OtlpSignal = keyof typeof otlpServices

/** A small OTLP/gRPC receiver on a free loopback port: it keeps each request's raw bytes. */
export async function startOtlpReceiver() {
  const received: Record<OtlpSignal, Buffer[]> = { traces: [], metrics: [], logs: [] }
  const server = new grpc.Server()
  const raw = (b: Buffer) => b
  for (const [signal, path] of Object.entries(otlpServices) as [OtlpSignal, string][]) {
    server.addService(
      {
        Export: {
          path,
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
          received[signal].push(call.request)
          callback(null, Buffer.alloc(0))
        },
      },
    )
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  )
  return {
    port,
    /** Every request of one signal, concatenated, as latin1 text (names show up verbatim). */
    text: (signal: OtlpSignal) => Buffer.concat(received[signal]).toString('latin1'),
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  }
}
