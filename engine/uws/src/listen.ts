import uWS from 'uWebSockets.js'

/**
 * Listens on `host:port` (0 = any free port) and resolves with the socket and the bound port.
 * uWS sets SO_REUSEADDR only for a non-zero port: an engine restarted on a fixed port rebinds at
 * once, while a port-0 listener's closed connections hold its port for a while.
 */
export function listen(
  app: uWS.TemplatedApp,
  host: string,
  port: number,
  owner = 'iii',
): Promise<{ socket: uWS.us_listen_socket; port: number }> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket) => {
      if (!socket) return reject(new Error(`${owner} cannot listen on ${host}:${port} (address in use or not permitted)`))
      resolve({ socket, port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
    })
  })
}

export function closeListenSocket(socket: uWS.us_listen_socket): void {
  uWS.us_listen_socket_close(socket)
}
