/**
 * Fan-out baseline server: bare uWebSockets.js. `{sub, id}` adds a subscriber to a topic;
 * `{pub, data}` sends one JSON frame per subscriber (as a broker sends one delivery per binding);
 * `{ack}` (the client's answer to each delivery, like an invocation result) is parsed and dropped.
 */
import uWS from 'uWebSockets.js'
import { onStop, runChild, send } from '../../core/child-io'

type Subscriber = { ws: uWS.WebSocket<object>; id: number }

runChild(async () => {
  const topics = new Map<string, Subscriber[]>()
  const app = uWS.App().ws<object>('/*', {
    idleTimeout: 0,
    maxBackpressure: 512 * 1024 * 1024,
    message: (ws, message) => {
      const frame = JSON.parse(Buffer.from(message).toString()) as {
        sub?: string
        pub?: string
        id?: number
        data?: unknown
        ack?: number
      }
      if (frame.ack !== undefined) return
      if (frame.sub !== undefined) {
        const list = topics.get(frame.sub) ?? []
        list.push({ ws, id: frame.id ?? 0 })
        topics.set(frame.sub, list)
        return
      }
      for (const s of topics.get(frame.pub ?? '') ?? [])
        s.ws.send(JSON.stringify({ id: s.id, data: frame.data }))
      ws.send(JSON.stringify({ published: true }))
    },
    close: (ws) => {
      for (const [topic, list] of topics)
        topics.set(
          topic,
          list.filter((s) => s.ws !== ws),
        )
    },
  })
  const socket = await new Promise<uWS.us_listen_socket>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) =>
      s ? resolve(s) : reject(new Error('fan-out relay could not listen')),
    ),
  )
  onStop(() => uWS.us_listen_socket_close(socket))
  send('ready', { port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
})
