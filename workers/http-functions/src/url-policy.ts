import { lookup } from 'node:dns/promises'
import type { ErrorBody } from '@iii/protocol'
import type { SecurityConfig } from './config'
import { ipLiteralOf, isBlockedAddress } from './ip-ranges'

/** One resolved address of the target host. */
export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Name resolution, injectable so a test can resolve names to chosen addresses. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

export const resolveWithDns: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true })
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

/** A URL that passed validation, with the addresses the connection must use. */
export interface ValidatedUrl {
  url: URL
  /** Set when private IPs are blocked: connect only to these, so DNS cannot change its answer later. */
  addresses: ResolvedAddress[] | undefined
}

const fail = (message: string): ErrorBody => ({ code: 'url_validation_failed', message })

/** `*` is any run of characters, `?` one character; the match is on the whole host, case-insensitively. */
export function matchesHostGlob(host: string, glob: string): boolean {
  const pattern = glob
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${pattern}$`).test(host.toLowerCase())
}

/**
 * URL validation (PROTOCOL.md §12.4), at registration and before every call: the URL parses,
 * uses HTTPS when required, its host matches `url_allowlist`, and (with `block_private_ips`)
 * the IP literal or every address the name resolves to is public.
 */
export async function validateUrl(
  raw: string,
  security: SecurityConfig,
  resolve: Resolver,
): Promise<ValidatedUrl | ErrorBody> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return fail(`Invalid URL: ${JSON.stringify(raw)}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`Unsupported URL scheme ${url.protocol}`)
  if (security.require_https && url.protocol !== 'https:') return fail('HTTPS is required')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!security.url_allowlist.some((glob) => matchesHostGlob(host, glob)))
    return fail(`Host ${host} is not in url_allowlist`)
  if (!security.block_private_ips) return { url, addresses: undefined }
  const literal = ipLiteralOf(url.hostname)
  if (literal) {
    if (isBlockedAddress(literal)) return fail('Private IP blocked')
    return { url, addresses: [{ address: literal, family: literal.includes(':') ? 6 : 4 }] }
  }
  let addresses: ResolvedAddress[]
  try {
    addresses = await resolve(host)
  } catch {
    return fail('DNS lookup failed')
  }
  if (addresses.length === 0) return fail('DNS lookup failed')
  if (addresses.some((a) => isBlockedAddress(a.address))) return fail('Private IP blocked')
  return { url, addresses }
}

export const isErrorBody = (value: ValidatedUrl | ErrorBody): value is ErrorBody => 'code' in value
