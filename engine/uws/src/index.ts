import uWS from 'uWebSockets.js'

export type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, WebSocket } from 'uWebSockets.js'
export { diagnoseBind, ListenError, listen } from './listen'
export { uWS }

export function closeListenSocket(socket: uWS.us_listen_socket): void {
  uWS.us_listen_socket_close(socket)
}

/** The peer address as text; IPv4-mapped IPv6 is shown as IPv4. */
export function remoteAddress(source: { getRemoteAddressAsText(): ArrayBuffer }): string {
  const text = Buffer.from(source.getRemoteAddressAsText()).toString()
  const mapped = /^(?:0{1,4}:){5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(text)
  if (!mapped?.[1] || !mapped[2]) return text
  const hi = Number.parseInt(mapped[1], 16)
  const lo = Number.parseInt(mapped[2], 16)
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
}

/** Query string → `{name: [values]}`. */
export function parseQuery(query: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [k, v] of new URLSearchParams(query)) {
    const list = out[k] ?? []
    list.push(v)
    out[k] = list
  }
  return out
}
