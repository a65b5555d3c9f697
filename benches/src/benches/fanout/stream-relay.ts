/**
 * Stream fan-out baseline: bare uWebSockets.js speaking the join half of the browser protocol.
 * A `{type:"set", data}` frame is serialized once and sent to every joined socket.
 */
import uWS from 'uWebSockets.js'
import { onStop, runChild, send } from '../../core/child-io'

runChild(async () => {
  const joined = new Set<uWS.WebSocket<object>>()
  const app = uWS.App().ws<object>('/*', {
    idleTimeout: 0,
    maxBackpressure: 512 * 1024 * 1024,
    message: (ws, message) => {
      const frame = JSON.parse(Buffer.from(message).toString()) as {
        type?: string
        data?: Record<string, unknown>
      }
      if (frame.type === 'join') {
        joined.add(ws)
        ws.send(
          JSON.stringify({
            type: 'stream',
            timestamp: Date.now(),
            event: { type: 'sync', data: [] },
          }),
        )
        return
      }
      const push = JSON.stringify({
        type: 'stream',
        timestamp: Date.now(),
        streamName: 's',
        groupId: 'g',
        id: 'item',
        event: { type: 'update', data: frame.data },
      })
      for (const sub of joined) sub.send(push)
      ws.send('{"type":"ack"}')
    },
    close: (ws) => {
      joined.delete(ws)
    },
  })
  const socket = await new Promise<uWS.us_listen_socket>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) =>
      s ? resolve(s) : reject(new Error('stream relay could not listen')),
    ),
  )
  onStop(() => uWS.us_listen_socket_close(socket))
  send('ready', { port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
})
