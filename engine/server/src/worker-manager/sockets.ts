import type { Channel, ChannelEnd, EngineCore, Grant, Session, Transport } from '@iii/core'
import type { WebSocket } from '@iii/uws'

/** Per-socket state, set at upgrade. */
export type SocketData =
  | { kind: 'worker'; ip: string; headers: Record<string, string>; grant?: Grant; authError?: string; session?: Session }
  | { kind: 'otel'; ip: string; headers: Record<string, string>; grant?: Grant; authError?: string }
  | { kind: 'channel'; channel: Channel; direction: 'read' | 'write'; claimed: boolean }

/** uWS send status: 2 means dropped at the backpressure limit. */
const DROPPED = 2
const BACKPRESSURE = 0

export function workerTransport(ws: WebSocket<SocketData>): Transport {
  return {
    send(text) {
      try {
        return ws.send(text, false) !== DROPPED
      } catch {
        return false
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
    engine.telemetrySink?.(
      prefix as 'OTLP' | 'MTRC' | 'LOGS',
      bytes.subarray(4).toString('utf8'),
      data.kind === 'worker' ? data.session : undefined,
    )
    return
  }
  if (data.kind === 'worker') data.session?.receive(bytes.toString('utf8'))
}
