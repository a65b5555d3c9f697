import type uWS from 'uWebSockets.js'

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

/** Every request header, by lower-case name (uWS gives them only during the upgrade callback). */
export function readHeaders(req: uWS.HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {}
  req.forEach((k, v) => {
    headers[k] = v
  })
  return headers
}
