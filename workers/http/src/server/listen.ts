import uWS from 'uWebSockets.js'

export type { TemplatedApp, us_listen_socket } from 'uWebSockets.js'
export { uWS }

/** Listens on `host:port` (0 = any free port) and resolves with the socket and the bound port. */
export function listen(app: uWS.TemplatedApp, host: string, port: number): Promise<{ socket: uWS.us_listen_socket; port: number }> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket) => {
      if (!socket) return reject(new Error(`iii-http cannot listen on ${host}:${port} (address in use or not permitted)`))
      resolve({ socket, port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
    })
  })
}

export function closeListenSocket(socket: uWS.us_listen_socket): void {
  uWS.us_listen_socket_close(socket)
}
