import { createHash, randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import type { McpBackend, McpFunction } from './backend'

export interface SocketBackendOptions {
  /** The engine's worker listener, e.g. `ws://127.0.0.1:49134`. */
  url: string
  /** How often the function list is checked for changes. @default 1000 */
  pollIntervalMs?: number
  /** Deadline of the engine queries the backend makes itself. @default 10000 */
  queryTimeoutMs?: number
}

interface Pending {
  resolve(value: unknown): void
  reject(error: unknown): void
  timer: ReturnType<typeof setTimeout>
}

interface FunctionRow {
  function_id: string
  description?: string
  metadata?: unknown
}

/**
 * A backend over a worker connection to a running engine, for `iii mcp` on stdio. The
 * connection authenticates like any worker, so the listener's RBAC decides what it sees and calls.
 */
export async function createSocketBackend(
  options: SocketBackendOptions,
): Promise<McpBackend & { close(): void }> {
  const ws = new WebSocket(options.url)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const pending = new Map<string, Pending>()
  ws.on('message', (raw) => settle(pending, raw.toString()))
  ws.on('close', () => {
    for (const p of pending.values()) {
      clearTimeout(p.timer)
      p.reject({ code: 'CONNECTION_CLOSED', message: 'the engine closed the connection' })
    }
    pending.clear()
  })
  const invoke = (functionId: string, data: unknown, timeoutMs: number) =>
    new Promise<unknown>((resolve, reject) => {
      const id = randomUUID()
      const timer = setTimeout(() => {
        pending.delete(id)
        reject({ code: 'TIMEOUT', message: `${functionId} did not answer within ${timeoutMs} ms` })
      }, timeoutMs)
      pending.set(id, { resolve, reject, timer })
      ws.send(
        JSON.stringify({
          type: 'invokefunction',
          invocation_id: id,
          function_id: functionId,
          data,
        }),
      )
    })
  const queryMs = options.queryTimeoutMs ?? 10_000
  const list = async () =>
    ((await invoke('engine::functions::list', {}, queryMs)) as { functions: FunctionRow[] })
      .functions
  const listeners = new Set<() => void>()
  const changes = pollChanges(list, options.pollIntervalMs ?? 1000, () => {
    for (const l of listeners) l()
  })
  return {
    async listFunctions() {
      const rows = await list()
      changes.served(rows)
      return withSchemas(rows, (ids) =>
        invoke('engine::functions::info', { function_ids: ids }, queryMs),
      )
    },
    call: (functionId, data, { timeoutMs }) => invoke(functionId, data, timeoutMs),
    read: (functionId, data) => invoke(functionId, data, queryMs),
    onFunctionsChanged(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      changes.stop()
      ws.close()
    },
  }
}

function settle(pending: Map<string, Pending>, text: string): void {
  let frame: { type?: string; invocation_id?: string; result?: unknown; error?: unknown }
  try {
    frame = JSON.parse(text)
  } catch {
    return
  }
  if (frame.type !== 'invocationresult' || !frame.invocation_id) return
  const p = pending.get(frame.invocation_id)
  if (!p) return
  pending.delete(frame.invocation_id)
  clearTimeout(p.timer)
  if (frame.error) p.reject(frame.error)
  else p.resolve(frame.result ?? null)
}

/** Adds each function's `request_schema` (32 ids per `engine::functions::info`). */
async function withSchemas(
  rows: FunctionRow[],
  info: (ids: string[]) => Promise<unknown>,
): Promise<McpFunction[]> {
  const schemas = new Map<string, unknown>()
  for (let i = 0; i < rows.length; i += 32) {
    const ids = rows.slice(i, i + 32).map((r) => r.function_id)
    const { functions } = (await info(ids)) as {
      functions: { function_id: string; request_schema?: unknown }[]
    }
    for (const f of functions) schemas.set(f.function_id, f.request_schema)
  }
  return rows.map((r) => ({ ...r, request_schema: schemas.get(r.function_id) }))
}

const digestOf = (rows: FunctionRow[]) =>
  createHash('sha256')
    .update(
      rows
        .map((f) => f.function_id)
        .sort()
        .join('\n'),
    )
    .digest('hex')

/**
 * Calls `onChange` when the function ids differ from the last list seen, whether a poll or a
 * `tools/list` answer saw it (a slow first poll must not hide a change the client has not seen).
 */
function pollChanges(
  list: () => Promise<FunctionRow[]>,
  intervalMs: number,
  onChange: () => void,
): { stop(): void; served(rows: FunctionRow[]): void } {
  let last: string | undefined
  let busy = false
  const timer = setInterval(async () => {
    if (busy) return
    busy = true
    try {
      const digest = digestOf(await list())
      if (last !== undefined && digest !== last) onChange()
      last = digest
    } catch {
      // the connection is gone or slow; the next tick tries again
    } finally {
      busy = false
    }
  }, intervalMs)
  timer.unref?.()
  return {
    stop: () => clearInterval(timer),
    served(rows) {
      last = digestOf(rows)
    },
  }
}
