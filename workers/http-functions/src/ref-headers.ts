import type { ErrorBody, HttpInvocationRef } from '@iii/protocol'

const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the bytes a header value must not carry
const badValue = /[\r\n\u0000]/
/** Set by the engine on every call; a ref may not replace them. */
const reserved = /^(x-iii-.*|content-length|host|transfer-encoding|connection)$/i

const invalid = (message: string): ErrorBody => ({ code: 'INVALID_ARGUMENTS', message })

/** A ref's `headers` and `api_key` header must be valid and must not replace the engine's own. */
export function checkRefHeaders(ref: HttpInvocationRef): ErrorBody | undefined {
  const names = Object.entries(ref.headers ?? {})
  if (ref.auth?.type === 'api_key') names.push([ref.auth.header, 'x'])
  for (const [name, value] of names) {
    if (!tokenName.test(name)) return invalid(`header name ${JSON.stringify(name)} is not valid`)
    if (reserved.test(name))
      return invalid(`header ${name} is set by the engine and cannot be configured`)
    if (badValue.test(value)) return invalid(`header ${name} has a value with CR, LF or NUL`)
  }
  return undefined
}
