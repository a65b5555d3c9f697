import { TriggerAction } from './actions'
import type { IIIWorker } from './worker'

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error'

export interface WorkerLog {
  trace(message: string, data?: unknown): void
  debug(message: string, data?: unknown): void
  info(message: string, data?: unknown): void
  warn(message: string, data?: unknown): void
  error(message: string, data?: unknown): void
}

/**
 * A logger whose records go to the engine's log store as `LOGS` frames (OTLP JSON), carrying
 * the active trace and span ids, so a log line inside a handler is linked to its trace. While the
 * socket is not open a record goes through `engine::log::<level>`, which waits for it.
 *
 * @example
 * const log = createLogger(worker)
 * worker.registerFunction('orders::ship', async (order) => { log.info('shipping', { id: order.id }) })
 */
export function createLogger(worker: IIIWorker, options: { serviceName?: string } = {}): WorkerLog {
  const emit = (level: LogLevel) => (message: string, data?: unknown) => {
    if (worker.telemetry.sendLog({ level, message, data, serviceName: options.serviceName })) return
    const payload: Record<string, unknown> = { message, ...worker.telemetry.activeIds() }
    if (data !== undefined) payload.data = data
    if (options.serviceName) payload.service_name = options.serviceName
    void worker.trigger({
      function_id: `engine::log::${level}`,
      payload,
      action: TriggerAction.Void(),
    })
  }
  return {
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
  }
}
