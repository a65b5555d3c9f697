import { monitorEventLoopDelay } from 'node:perf_hooks'

/** How often a worker sends its gauges, unless `otel.metricsIntervalMs` says otherwise. */
export const workerMetricsDefaults = { intervalMs: 10_000 } as const

const gauge = (name: string, unit: string, value: number) => ({
  name,
  unit,
  gauge: { dataPoints: [{ asDouble: value, timeUnixNano: String(Date.now() * 1e6) }] },
})

/**
 * Sends this process's gauges (heap, RSS, CPU, event-loop lag) as an `MTRC` frame (OTLP JSON
 * metrics) every `intervalMs`, while `send` accepts them. Returns a stop function.
 */
export function startWorkerMetrics(options: {
  serviceName: string
  intervalMs: number
  send(frame: Buffer): boolean
}): () => void {
  const loop = monitorEventLoopDelay({ resolution: 20 })
  loop.enable()
  let lastCpu = process.cpuUsage()
  let lastMs = performance.now()
  const timer = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu)
    const now = performance.now()
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastMs)) * 100
    lastCpu = process.cpuUsage()
    lastMs = now
    const memory = process.memoryUsage()
    const lagMs = Number.isNaN(loop.mean) ? 0 : loop.mean / 1e6
    loop.reset()
    const body = {
      resourceMetrics: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { stringValue: options.serviceName } }],
          },
          scopeMetrics: [
            {
              scope: { name: 'iii-sdk' },
              metrics: [
                gauge('process.memory.heap_used', 'By', memory.heapUsed),
                gauge('process.memory.rss', 'By', memory.rss),
                gauge('process.cpu.utilization', '%', Math.round(cpuPercent * 100) / 100),
                gauge('nodejs.event_loop.lag', 'ms', Math.round(lagMs * 1000) / 1000),
              ],
            },
          ],
        },
      ],
    }
    options.send(Buffer.concat([Buffer.from('MTRC'), Buffer.from(JSON.stringify(body))]))
  }, options.intervalMs)
  timer.unref?.()
  return () => {
    clearInterval(timer)
    loop.disable()
  }
}
