import {
  type BudgetedSocket,
  type EngineCore,
  type Grant,
  type ListenerPolicy,
  type Logger,
  permissiveGrant,
  type Session,
  type TelemetryKind,
} from '@iii/core'
import type { SocketEvents, WebSocket } from '@iii/uws'
import { HeldFrames, heldFramesLimit } from './held-frames'
import type { Outbox } from './outbox'

/** What every socket of one worker listener shares. */
export interface WorkerSocketDeps {
  engine: EngineCore
  policy: ListenerPolicy
  log: Logger
  outbox: Outbox
  maxFrameBytes: number
}

/** A `/` (protocol) or `/otel` (telemetry only) socket as the upgrade saw it. */
export interface WorkerSocketInit {
  kind: 'worker' | 'otel'
  ip: string
  headers: Record<string, string>
  /** What the auth function granted; permissive without one. */
  grant?: Grant
  /** Why the auth function refused the connection; answered with `AUTH_ERROR` on open. */
  authError?: string
}

const telemetryPrefixes = new Set(['OTLP', 'MTRC', 'LOGS'])

/** The worker socket as the outbound budget sees it: queued and uWS's unsent bytes. */
function budgetedSocket(ws: WebSocket<unknown>, outbox: Outbox, ip: string): BudgetedSocket {
  return {
    label: `worker ${ip}`,
    bufferedBytes: () => ws.getBufferedAmount() + outbox.pendingBytes(ws),
    close(code, reason) {
      outbox.discard(ws)
      ws.end(code, reason)
    },
  }
}

/** Frames to a worker go through the listener's outbox: one corked write per socket and turn. */
function workerTransport(
  ws: WebSocket<unknown>,
  outbox: Outbox,
  o: { budgeted: BudgetedSocket; isOpen: () => boolean },
) {
  return {
    send: (text: string) => o.isOpen() && outbox.push(ws, o.budgeted, text),
    close(code: number, reason: string) {
      try {
        outbox.flush(ws)
        ws.end(code, reason)
      } catch {
        // already closed
      }
    },
  }
}

/**
 * The handlers of one worker socket (PROTOCOL.md §2): refuse it when auth failed, connect a
 * session on `/`, pass text frames to the session and telemetry frames to the `telemetrySink`
 * slot, and disconnect the session exactly once on close.
 */
export function createWorkerSocket(deps: WorkerSocketDeps, init: WorkerSocketInit): SocketEvents {
  const { engine, log } = deps
  let session: Session | undefined
  let open = false
  let budgeted: BudgetedSocket | undefined
  const held = new HeldFrames()
  /** Half the socket's budget is unread: its next requests wait until it reads. */
  const backlogged = () =>
    budgeted !== undefined &&
    engine.outbound.settle(budgeted) >= engine.outbound.limits.socketBytes / 2
  const serve = (ws: WebSocket<SocketEvents>, text: string) => {
    if (held.size === 0 && !backlogged()) return session?.receive(text)
    if (held.hold(text)) return
    held.clear()
    log.warn('slow reader closed (1013): outbound budget exceeded', {
      socket: budgeted?.label,
      reason: `over ${heldFramesLimit} requests waiting while their replies are unread on this socket`,
    })
    ws.end(1013, 'outbound budget: replies unread on this socket')
  }
  const telemetry = (bytes: Buffer, prefix: string) =>
    engine.slots.get('telemetrySink')?.(
      prefix as TelemetryKind,
      bytes.subarray(4).toString('utf8'),
      session,
    )
  return {
    open(ws) {
      open = true
      if (init.authError !== undefined) {
        log.warn('connection rejected by the auth function', {
          ip: init.ip,
          reason: init.authError,
        })
        ws.send(
          JSON.stringify({ type: 'error', error: { code: 'AUTH_ERROR', message: init.authError } }),
          false,
        )
        return ws.end(1008, 'AUTH_ERROR')
      }
      if (init.kind !== 'worker') return
      budgeted = budgetedSocket(ws as WebSocket<unknown>, deps.outbox, init.ip)
      session = engine.connect({
        transport: workerTransport(ws as WebSocket<unknown>, deps.outbox, {
          budgeted,
          isOpen: () => open,
        }),
        ip: init.ip,
        policy: deps.policy,
        grant: init.grant ?? permissiveGrant(),
        headers: init.headers,
      })
    },
    message(ws, message, isBinary) {
      if (message.byteLength > deps.maxFrameBytes) {
        log.warn('frame above max_frame_bytes; socket closed', {
          bytes: message.byteLength,
          limit: deps.maxFrameBytes,
        })
        return ws.end(1009, 'frame too large')
      }
      if (!isBinary) return serve(ws, Buffer.from(message).toString('utf8'))
      // A binary frame is OTLP telemetry when prefixed, else (on `/`) a JSON frame.
      const bytes = Buffer.from(message)
      const prefix = bytes.subarray(0, 4).toString('latin1')
      if (telemetryPrefixes.has(prefix)) return telemetry(bytes, prefix)
      serve(ws, bytes.toString('utf8'))
    },
    drain() {
      if (!budgeted) return
      engine.outbound.settle(budgeted)
      while (held.size > 0 && !backlogged()) session?.receive(held.take() as string)
    },
    close(ws, code) {
      open = false
      held.clear()
      deps.outbox.discard(ws as WebSocket<unknown>)
      if (budgeted) engine.outbound.release(budgeted)
      if (!session) return
      if (code === 1006) log.debug('worker socket closed abnormally', { worker_id: session.id })
      engine.disconnect(session)
    },
  }
}
