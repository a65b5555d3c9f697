import { IIIError } from '@iii/protocol'

/** One segment of a registered path: literal text or a `:name` parameter. */
export type PathSegment = { kind: 'static'; value: string } | { kind: 'param'; name: string }

/** A registered `api_path`, normalised. */
export interface ApiPath {
  /** `/users/:id`: leading slash added, empty segments dropped. */
  pattern: string
  segments: PathSegment[]
  paramNames: string[]
}

const paramName = /^[A-Za-z_][A-Za-z0-9_]*$/
const forbidden = /[?#\s]/

const refuse = (message: string): IIIError => new IIIError('trigger_registration_failed', message)

/** Parses an `api_path`; a malformed one is refused with `trigger_registration_failed`. */
export function parseApiPath(apiPath: string): ApiPath {
  if (forbidden.test(apiPath))
    throw refuse(`api_path ${JSON.stringify(apiPath)} must not contain '?', '#' or whitespace`)
  const parts = apiPath.split('/').filter((part) => part !== '')
  const segments: PathSegment[] = []
  const paramNames: string[] = []
  for (const part of parts) {
    if (!part.startsWith(':')) {
      segments.push({ kind: 'static', value: decodeSegment(part) })
      continue
    }
    const name = part.slice(1)
    if (!paramName.test(name))
      throw refuse(
        `api_path ${JSON.stringify(apiPath)}: parameter ${JSON.stringify(part)} needs a name like :id`,
      )
    if (paramNames.includes(name))
      throw refuse(`api_path ${JSON.stringify(apiPath)}: parameter :${name} appears twice`)
    paramNames.push(name)
    segments.push({ kind: 'param', name })
  }
  return { pattern: `/${parts.join('/')}`, segments, paramNames }
}

/** A request path → decoded segments (empty segments dropped, so `/a/` matches `/a`). */
export function splitRequestPath(path: string): string[] {
  const out: string[] = []
  for (const part of path.split('/')) if (part !== '') out.push(decodeSegment(part))
  return out
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
