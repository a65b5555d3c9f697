import uWS from 'uWebSockets.js'
import { createServer } from 'node:net'

/** A listener that could not bind: `code` is the system error (`EADDRINUSE`, `EACCES`, …). */
export class ListenError extends Error {
  readonly code: string
  readonly owner: string
  readonly host: string
  readonly port: number

  constructor(options: {
    owner: string
    host: string
    port: number
    code: string
    reason: string
  }) {
    super(
      `${options.owner} cannot listen on ${options.host}:${options.port}: ${options.code} (${options.reason})`,
    )
    this.name = 'ListenError'
    this.code = options.code
    this.owner = options.owner
    this.host = options.host
    this.port = options.port
  }
}

/** uSockets' LIBUS_LISTEN_EXCLUSIVE_PORT: bind without SO_REUSEPORT. */
const listenExclusivePort = 1

const reasons: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'address not available on this host',
}

/**
 * Why a bind failed: uWS reports only "no socket", so the same address is bound once more with
 * node:net, which reports the system error. A probe that binds (the port was freed meanwhile)
 * still means the listener lost the race, reported as EADDRINUSE.
 */
export function diagnoseBind(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'EADDRINUSE'))
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve('EADDRINUSE')))
  })
}

/** Builds the error of a failed bind of `owner` on `host:port`. */
export async function listenError(owner: string, host: string, port: number): Promise<ListenError> {
  const code = await diagnoseBind(host, port)
  return new ListenError({ owner, host, port, code, reason: reasons[code] ?? 'cannot bind' })
}

/**
 * Listens on `host:port` (0 = any free port) and resolves with the socket and the bound port.
 * The port is exclusive (no SO_REUSEPORT): a second engine on the same port fails to start with
 * `EADDRINUSE` instead of splitting the traffic. uWS still sets SO_REUSEADDR for a non-zero
 * port, so an engine restarted on a fixed port rebinds at once.
 */
export function listen(
  app: uWS.TemplatedApp,
  address: { host: string; port: number; owner?: string },
): Promise<{ socket: uWS.us_listen_socket; port: number }> {
  const { host, port, owner = 'iii' } = address
  return new Promise((resolve, reject) => {
    // The 4-argument form (host, port, options, cb) exists in the binding; its typings omit it.
    const listenExclusive = app.listen as unknown as (
      host: string,
      port: number,
      options: number,
      cb: (socket: uWS.us_listen_socket | false) => void,
    ) => void
    listenExclusive.call(app, host, port, listenExclusivePort, (socket) => {
      if (!socket) return void listenError(owner, host, port).then(reject)
      resolve({ socket, port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) })
    })
  })
}

/** Stops accepting on a listen socket; open connections stay. */
export function closeListenSocket(socket: uWS.us_listen_socket): void {
  uWS.us_listen_socket_close(socket)
}
