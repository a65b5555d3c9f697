import { createHmac } from 'node:crypto'
import type { ErrorBody, ErrorCode, HttpAuthConfig } from '@iii/protocol'

/** Secrets read from the environment for one ref. */
export type ResolvedAuth =
  | { type: 'none' }
  | { type: 'hmac'; secret: string }
  | { type: 'bearer'; token: string }
  | { type: 'api_key'; header: string; value: string }

const missing = (code: ErrorCode, variable: string): ErrorBody => ({
  code,
  message: `environment variable ${variable} is not set`,
})

/**
 * Reads the secrets a ref's `auth` names (PROTOCOL.md §12.2). A variable that is unset or empty
 * is an error: `secret_not_found`, `token_not_found` or `api_key_not_found`.
 */
export function resolveAuth(
  auth: HttpAuthConfig | null | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedAuth | ErrorBody {
  if (!auth) return { type: 'none' }
  switch (auth.type) {
    case 'hmac': {
      const secret = env[auth.secret_key]
      return secret ? { type: 'hmac', secret } : missing('secret_not_found', auth.secret_key)
    }
    case 'bearer': {
      const token = env[auth.token_key]
      return token ? { type: 'bearer', token } : missing('token_not_found', auth.token_key)
    }
    case 'api_key': {
      const value = env[auth.value_key]
      return value
        ? { type: 'api_key', header: auth.header, value }
        : missing('api_key_not_found', auth.value_key)
    }
  }
}

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>:<base64(body)>")>` */
export function signBody(secret: string, timestamp: string, body: string): string {
  const payload = `${timestamp}:${Buffer.from(body).toString('base64')}`
  return `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`
}

/** The auth headers of one request, added after every other header. */
export function authHeaders(
  auth: ResolvedAuth,
  timestamp: string,
  body: string,
): [string, string][] {
  switch (auth.type) {
    case 'none':
      return []
    case 'hmac':
      return [['x-iii-Signature', signBody(auth.secret, timestamp, body)]]
    case 'bearer':
      return [['Authorization', `Bearer ${auth.token}`]]
    case 'api_key':
      return [[auth.header, auth.value]]
  }
}
