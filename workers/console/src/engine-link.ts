import { randomBytes } from 'node:crypto'
import type { Logger } from '@iii/core'
import { context, TraceFlags, trace } from '@opentelemetry/api'
import { type IIIWorker, InvocationError, registerWorker } from 'iii-sdk'
import { redactSecrets } from './redact'

/** What a call through the console answers: always a value, never a throw. */
export type CallOutcome =
  | { ok: true; result: unknown; trace_id: string; duration_ms: number }
  | { ok: false; error: { code: string; message: string }; trace_id: string; duration_ms: number }

export interface EngineLinkOptions {
  /** Resolves the engine's worker URL when the first call needs it. */
  url(): string | undefined
  headers?: Record<string, string>
  logger: Logger
  /** @default 30000 */
  timeoutMs?: number
}

/**
 * The console's one connection to the engine: an ordinary worker (iii-sdk), opened on the first
 * call so an engine nobody looks at carries no console traffic. Every call gets its own trace id.
 */
export class EngineLink {
  private worker: IIIWorker | undefined

  constructor(private readonly options: EngineLinkOptions) {}

  /** Calls `functionId`; the result is redacted of secrets. */
  async call(functionId: string, payload: unknown, timeoutMs?: number): Promise<CallOutcome> {
    const traceId = randomBytes(16).toString('hex')
    const started = performance.now()
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000
    try {
      const worker = this.connect()
      const spanContext = {
        traceId,
        spanId: randomBytes(8).toString('hex'),
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      }
      const ctx = trace.setSpanContext(context.active(), spanContext)
      const result = await context.with(ctx, () =>
        worker.trigger({
          function_id: functionId,
          payload,
          timeoutMs: timeoutMs ?? this.options.timeoutMs,
        }),
      )
      return { ok: true, result: redactSecrets(result), trace_id: traceId, duration_ms: elapsed() }
    } catch (err) {
      return { ok: false, error: errorOf(err), trace_id: traceId, duration_ms: elapsed() }
    }
  }

  /**
   * Calls and unwraps without redacting: for the server's own use only (its answer must never
   * be sent to the browser as it is).
   */
  async unredacted(functionId: string, payload: unknown): Promise<unknown> {
    return this.connect().trigger({
      function_id: functionId,
      payload,
      timeoutMs: this.options.timeoutMs,
    })
  }

  /** Calls and unwraps: rejects with the error envelope's message. */
  async value(functionId: string, payload: unknown = {}): Promise<unknown> {
    const outcome = await this.call(functionId, payload)
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`)
    return outcome.result
  }

  get connected(): boolean {
    return this.worker?.getConnectionState() === 'connected'
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    await worker?.shutdown()
  }

  private connect(): IIIWorker {
    if (this.worker) return this.worker
    const url = this.options.url()
    if (!url)
      throw Object.assign(new Error('the engine listener is not running'), { code: 'NOT_FOUND' })
    this.worker = registerWorker(url, {
      workerName: 'iii-console',
      workerDescription: 'The console: serves the web UI and calls functions on its behalf',
      headers: this.options.headers,
      otel: { enabled: true, serviceName: 'iii-console' },
      logger: sdkLogger(this.options.logger),
    })
    return this.worker
  }
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof InvocationError) return { code: err.code, message: err.reason }
  const e = err as { code?: unknown; message?: unknown }
  return {
    code: typeof e?.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e?.message === 'string' ? e.message : String(err),
  }
}

function sdkLogger(logger: Logger) {
  return {
    debug: (msg: string, fields?: Record<string, unknown>) => logger.debug(msg, fields),
    info: (msg: string, fields?: Record<string, unknown>) => logger.info(msg, fields),
    warn: (msg: string, fields?: Record<string, unknown>) => logger.warn(msg, fields),
    error: (msg: string, fields?: Record<string, unknown>) => logger.error(msg, fields),
  }
}
