/**
 * The ws-invoke baseline server: a bare uWebSockets.js relay. Frames from `/caller` go to
 * `/callee` and back, unparsed: the transport limit the engine is compared with.
 */
import uWS from 'uWebSockets.js'
import { onStop, runChild, send } from '../../core/child-io'

type Role = { role: 'caller' | 'callee' }

runChild(async () => {
  const peers: Partial<Record<Role['role'], uWS.WebSocket<Role>>> = {}
  const app = uWS.App()
  app.ws<Role>('/*', {
    maxPayloadLength: 128 * 1024 * 1024,
    maxBackpressure: 512 * 1024 * 1024,
    idleTimeout: 0,
    upgrade: (res, req, context) => {
      const role = req.getUrl() === '/callee' ? 'callee' : 'caller'
      res.upgrade<Role>(
        { role },
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      )
    },
    open: (ws) => {
      peers[ws.getUserData().role] = ws
    },
    message: (ws, message, isBinary) => {
      const to = ws.getUserData().role === 'caller' ? peers.callee : peers.caller
      to?.send(message, isBinary)
    },
    close: (ws) => {
      delete peers[ws.getUserData().role]
    },
  })
  const socket = await new Promise<uWS.us_listen_socket>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) =>
      s ? resolve(s) : reject(new Error('relay could not listen')),
    ),
  )
  onStop(() => uWS.us_listen_socket_close(socket))
  send('ready', { port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
})
