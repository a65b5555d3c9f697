/** A request target that routes unambiguously. */
export interface RequestTarget {
  ok: true
  /** The normalized path: dot segments resolved, still percent-encoded, always starting with `/`. */
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
 * and the engine agree on it: `%XX` escapes are decoded for matching, `.` and `..` segments are
 * resolved. Anything two parsers could read differently is refused: an encoded `/` or `\`, a
 * backslash, an encoded dot segment, a `..` above the root, a NUL, a malformed escape.
 */
export function parseRequestTarget(raw: string): RequestTarget | RejectedTarget {
  let target = raw
  const absolute = absoluteForm.exec(target)
  if (absolute) target = target.slice(absolute[0].length) || '/'
  if (!target.startsWith('/')) return reject('the request target must be a path starting with /')
  const mark = target.indexOf('?')
  const rawPath = mark === -1 ? target : target.slice(0, mark)
  const query = mark === -1 ? '' : target.slice(mark + 1)
  if (rawPath.includes('\\') || encodedBackslash.test(rawPath)) return reject('the path contains a backslash')
  if (encodedSlash.test(rawPath)) return reject('the path contains an encoded /')
  if (encodedNul.test(rawPath)) return reject('the path contains an encoded NUL')
  if (badPercent.test(rawPath)) return reject('the path contains a malformed % escape')
  const kept: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (kept.length === 0) return reject('a .. segment climbs above the root')
      kept.pop()
      continue
    }
    const decoded = decodeOrUndefined(segment)
    if (decoded === undefined) return reject('the path is not valid percent-encoded UTF-8')
    if (decoded === '.' || decoded === '..') return reject('the path contains an encoded dot segment')
    kept.push(segment)
  }
  const trailing = rawPath.endsWith('/') && kept.length > 0 ? '/' : ''
  return { ok: true, path: `/${kept.join('/')}${trailing}`, query }
}
