import type { Server } from 'node:http'

const reasons: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'address not available on this host',
}

/**
 * Binds `server` on `host:port` (0 = any free port) and resolves with the bound port. node:http
 * never sets SO_REUSEPORT, so a port in use fails with `EADDRINUSE`; the error names the
 * listener, host and port and keeps the system code as `code`.
 */
export function listenExclusive(
  server: Server,
  options: { owner: string; host: string; port: number },
): Promise<number> {
  const { owner, host, port } = options
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'EADDRINUSE'
      const failure = new Error(
        `${owner} cannot listen on ${host}:${port}: ${code} (${reasons[code] ?? err.message})`,
      )
      reject(Object.assign(failure, { code, owner, host, port }))
    }
    server.once('error', onError)
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError)
      resolve((server.address() as { port: number }).port)
    })
  })
}
