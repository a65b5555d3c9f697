const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the bytes a header value must not carry
const badValue = /[\r\n\u0000]/

/** Framing is the server's business: a function cannot set these. */
const framingHeaders = new Set(['content-length', 'transfer-encoding', 'connection'])

export type HeaderPairs = [string, string][]

function push(out: HeaderPairs, name: string, value: unknown): void {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return
  const text = String(value)
  const trimmed = name.trim()
  if (!tokenName.test(trimmed) || badValue.test(text) || framingHeaders.has(trimmed.toLowerCase()))
    return
  out.push([trimmed, text])
}

/**
 * A function's `headers`: an object (`{Name: value}`, arrays give repeated headers) or a list of
 * `"Name: value"` strings. Invalid names, values with CR/LF, and framing headers are dropped.
 */
export function toHeaderPairs(value: unknown): HeaderPairs {
  const out: HeaderPairs = []
  if (Array.isArray(value)) {
    for (const line of value) {
      if (typeof line !== 'string') continue
      const colon = line.indexOf(':')
      if (colon > 0) push(out, line.slice(0, colon), line.slice(colon + 1).trim())
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, v] of Object.entries(value)) {
      if (Array.isArray(v)) for (const item of v) push(out, name, item)
      else push(out, name, v)
    }
  }
  return out
}

export function findHeader(pairs: HeaderPairs, name: string): string | undefined {
  for (const [k, v] of pairs) if (k.toLowerCase() === name) return v
  return undefined
}

/** `application/json`, `application/problem+json`, … */
export const isJsonType = (contentType: string): boolean => /[/+]json\b/i.test(contentType)
