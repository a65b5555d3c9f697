import type { Channel, ChannelEnd, EngineCore, Grant, Session, TelemetryKind, Transport } from '@iii/core'
import type { WebSocket } from '@iii/uws'
import type { Outbox } from './outbox'

/** Per-socket state, set at upgrade. */
export type SocketData =
  | { kind: 'worker'; ip: string; headers: Record<string, string>; grant?: Grant; authError?: string; session?: Session }
  | { kind: 'otel'; ip: string; headers: Record<string, string>; grant?: Grant; authError?: string }
  | { kind: 'channel'; channel: Channel; direction: 'read' | 'write'; claimed: boolean }

/** uWS send status: 0 means the data is buffered by the socket (backpressure). */
const BACKPRESSURE = 0

/** Frames to a worker go through the listener's outbox: one corked write per socket and turn. */
export function workerTransport(ws: WebSocket<SocketData>, outbox: Outbox, isOpen: () => boolean): Transport {
  return {
    send(text) {
      return isOpen() && outbox.push(ws as WebSocket<unknown>, text)
    },
    close(code, reason) {
      try {
        outbox.flush(ws as WebSocket<unknown>)
        ws.end(code, reason)
      } catch {
        // already closed
      }
    },
  }
}

export function channelEnd(ws: WebSocket<SocketData>): ChannelEnd {
  return {
    send(data, isBinary) {
      try {
        return ws.send(data, isBinary) !== BACKPRESSURE
      } catch {
        return true
      }
    },
    close(code, reason) {
      try {
        ws.end(code, reason)
      } catch {
        // already closed
      }
    },
  }
}

const telemetryPrefixes = new Set(['OTLP', 'MTRC', 'LOGS'])

/** A binary frame on `/` or `/otel`: OTLP telemetry when prefixed, else (on `/`) a JSON frame. */
export function handleBinary(engine: EngineCore, data: SocketData, message: ArrayBuffer): void {
  const bytes = Buffer.from(message)
  const prefix = bytes.subarray(0, 4).toString('latin1')
  if (telemetryPrefixes.has(prefix)) {
    engine.slots.get('telemetrySink')?.(
      prefix as TelemetryKind,
      bytes.subarray(4).toString('utf8'),
      data.kind === 'worker' ? data.session : undefined,
    )
    return
  }
  if (data.kind === 'worker') data.session?.receive(bytes.toString('utf8'))
}
