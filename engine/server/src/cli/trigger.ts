import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import { CliError } from './errors'

export interface TriggerOptions {
  functionId: string
  payload: unknown
  address: string
  port: number
  timeoutMs: number
  /** Namespace of the function. @default 'default' */
  namespace?: string
}

export { CliError } from './errors'

/** `key=value` pairs → object; values that parse as JSON are typed (`n=3`, `ok=true`). */
export function parsePairs(pairs: string[], json?: string): Record<string, unknown> {
  let payload: Record<string, unknown> = {}
  if (json !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(json)
    } catch (err) {
      throw new CliError(`--json is not valid JSON: ${(err as Error).message}`, 2)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new CliError('--json must be a JSON object', 2)
    payload = parsed as Record<string, unknown>
  }
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new CliError(`expected key=value, got "${pair}"`, 2)
    const raw = pair.slice(at + 1)
    let value: unknown = raw
    try {
      value = JSON.parse(raw)
    } catch {
      // a plain string
    }
    payload[pair.slice(0, at)] = value
  }
  return payload
}

/** Calls one function through the engine as a short-lived worker and resolves with its result. */
export function triggerFunction(options: TriggerOptions): Promise<unknown> {
  const url = `ws://${options.address}:${options.port}/`
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: Math.min(options.timeoutMs, 10_000) })
    const invocationId = randomUUID()
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new CliError(`no answer from ${options.functionId} within ${options.timeoutMs} ms`))
    }, options.timeoutMs)
    const finish = (fn: () => void) => {
      clearTimeout(timer)
      ws.close()
      fn()
    }
    ws.on('error', (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'ECONNREFUSED' ? 'connection refused' : err.message
      finish(() =>
        reject(
          new CliError(
            `cannot reach the engine at ${url}: ${reason}. Is it running? Start it with \`pnpm start\`.`,
          ),
        ),
      )
    })
    ws.on('open', () => {
      ws.send(
        JSON.stringify({
          type: 'invokefunction',
          invocation_id: invocationId,
          function_id: options.functionId,
          data: options.payload,
          ...(options.namespace ? { namespace: options.namespace } : {}),
        }),
      )
    })
    ws.on('message', (raw) => {
      let frame: {
        type?: string
        invocation_id?: string
        result?: unknown
        error?: { code: string; message: string }
      }
      try {
        frame = JSON.parse(raw.toString())
      } catch {
        return
      }
      if (frame.type !== 'invocationresult' || frame.invocation_id !== invocationId) return
      if (frame.error)
        finish(() => reject(new CliError(`${frame.error?.code}: ${frame.error?.message}`)))
      else finish(() => resolve(frame.result ?? null))
    })
    ws.on('close', () =>
      finish(() => reject(new CliError('the engine closed the connection before answering'))),
    )
  })
}
