import type uWS from 'uWebSockets.js'

/**
 * One socket's handlers, chosen when the socket is upgraded and kept as its user data, so each
 * kind of socket has its own `{ open, message, drain, close }` and no handler branches on kind.
 */
export interface SocketEvents {
  open(ws: uWS.WebSocket<SocketEvents>): void
  message(ws: uWS.WebSocket<SocketEvents>, message: ArrayBuffer, isBinary: boolean): void
  drain(ws: uWS.WebSocket<SocketEvents>): void
  close(ws: uWS.WebSocket<SocketEvents>, code: number): void
}

/**
 * The uWS behaviour handlers that pass each event to the socket's own {@link SocketEvents}.
 * `sockets` tracks the open sockets, for closing them all at shutdown.
 */
export function delegateSocketEvents(sockets: Set<uWS.WebSocket<SocketEvents>>) {
  return {
    open(ws: uWS.WebSocket<SocketEvents>): void {
      sockets.add(ws)
      ws.getUserData().open(ws)
    },
    message(ws: uWS.WebSocket<SocketEvents>, message: ArrayBuffer, isBinary: boolean): void {
      ws.getUserData().message(ws, message, isBinary)
    },
    drain(ws: uWS.WebSocket<SocketEvents>): void {
      ws.getUserData().drain(ws)
    },
    close(ws: uWS.WebSocket<SocketEvents>, code: number): void {
      sockets.delete(ws)
      ws.getUserData().close(ws, code)
    },
  }
}

/** Ends every socket in `sockets` with `code`; sockets that are already gone are skipped. */
export function endAll(
  sockets: Iterable<uWS.WebSocket<SocketEvents>>,
  code: number,
  reason: string,
): void {
  for (const ws of [...sockets]) {
    try {
      ws.end(code, reason)
    } catch {
      // already closed
    }
  }
}
