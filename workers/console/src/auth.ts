import { timingSafeEqual } from 'node:crypto'
import type { EngineLink } from './engine-link'

export const tokenCookie = 'iii_console_token'

export interface BrowserRequest {
  headers: Record<string, string>
  ipAddress: string
  path: string
}

export interface ConsoleAuthOptions {
  token?: string
  functionId?: string
  link: EngineLink
}

/**
 * Decides whether a browser request may use the console API. Without a token and an auth
 * function (the loopback default) everyone on this machine may; with a token the request must
 * carry it (`Authorization: Bearer`, or the cookie set by `?token=`); with an auth function its
 * answer decides (an error, `null`, `false` or `{allowed: false}` refuses).
 */
export function createConsoleAuth(options: ConsoleAuthOptions) {
  return async (request: BrowserRequest): Promise<boolean> => {
    if (!options.token && !options.functionId) return true
    if (options.token && sameToken(presentedToken(request.headers), options.token)) return true
    if (!options.functionId) return false
    const outcome = await options.link.call(options.functionId, {
      headers: request.headers,
      ip_address: request.ipAddress,
      path: request.path,
    })
    if (!outcome.ok) return false
    const r = outcome.result as { allowed?: unknown } | boolean | null
    if (r === null || r === false || r === undefined) return false
    return !(typeof r === 'object' && r.allowed === false)
  }
}

/** The token a request presents, from the Authorization header or the console cookie. */
export function presentedToken(headers: Record<string, string>): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')
  if (bearer) return bearer[1]
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === tokenCookie) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
