/** A request target that routes unambiguously. */
export interface RequestTarget {
  ok: true
  /** The path as received (empty segments dropped), still percent-encoded, starting with `/`. */
  path: string
  /** The raw query, without `?` (empty when absent). */
  query: string
}

/** Why a request target is refused with 400. */
export interface RejectedTarget {
  ok: false
  reason: string
}

const encodedSlash = /%2f/i
const encodedBackslash = /%5c/i
const encodedNul = /%00/
const badPercent = /%(?![0-9a-f]{2})/i
const absoluteForm = /^https?:\/\/[^/?#]*/i

const reject = (reason: string): RejectedTarget => ({ ok: false, reason })

function decodeOrUndefined(segment: string): string | undefined {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * Parses a request target (RFC 9112 §3.2) into the one path the routes see, so a proxy in front
 * and the engine agree on it. `%XX` escapes are decoded for matching (`/%61dmin` is `/admin`, as
 * RFC 3986 §6.2.2 and proxies have it). Anything two parsers could read differently is refused:
 * an encoded `/` or `\`, a backslash, a NUL, a malformed escape, and any `.` or `..` segment,
 * literal or encoded: clients resolve dot segments before sending (RFC 3986 §5.2.4), so one on
 * the wire was crafted, and proxies disagree on whether to resolve it before matching.
 */
export function parseRequestTarget(raw: string): RequestTarget | RejectedTarget {
  let target = raw
  const absolute = absoluteForm.exec(target)
  if (absolute) target = target.slice(absolute[0].length) || '/'
  if (!target.startsWith('/')) return reject('the request target must be a path starting with /')
  if (target.includes('#')) return reject('the request target contains a fragment (#)')
  const mark = target.indexOf('?')
  const rawPath = mark === -1 ? target : target.slice(0, mark)
  const query = mark === -1 ? '' : target.slice(mark + 1)
  if (rawPath.includes('\\') || encodedBackslash.test(rawPath))
    return reject('the path contains a backslash')
  if (encodedSlash.test(rawPath)) return reject('the path contains an encoded /')
  if (encodedNul.test(rawPath)) return reject('the path contains an encoded NUL')
  if (badPercent.test(rawPath)) return reject('the path contains a malformed % escape')
  const kept: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '') continue
    const decoded = decodeOrUndefined(segment)
    if (decoded === undefined) return reject('the path is not valid percent-encoded UTF-8')
    if (decoded === '.' || decoded === '..')
      return reject(`the path contains a dot segment (${segment})`)
    kept.push(segment)
  }
  const trailing = rawPath.endsWith('/') && kept.length > 0 ? '/' : ''
  return { ok: true, path: `/${kept.join('/')}${trailing}`, query }
}
