import { connect } from 'node:net'

/** One TCP connect attempt to 127.0.0.1:port; resolves true when accepted. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

export interface WaitForPortOptions {
  timeoutMs: number
  /** Pause between refused attempts. @default 2 */
  intervalMs?: number
  /** Stops waiting early (e.g. the process exited); its message becomes the error. */
  failed?: () => string | undefined
}

/** Polls until the port accepts a connection; throws on timeout or when `failed` says so. */
export async function waitForPort(port: number, options: WaitForPortOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  for (;;) {
    if (await canConnect(port)) return
    const failure = options.failed?.()
    if (failure) throw new Error(failure)
    if (Date.now() > deadline)
      throw new Error(
        `nothing accepted connections on 127.0.0.1:${port} within ${options.timeoutMs} ms`,
      )
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 2))
  }
}
