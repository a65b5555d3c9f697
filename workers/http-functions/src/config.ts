import { type Static, Type } from '@sinclair/typebox'

/** Defaults of the `iii-http-functions` worker (BUILTINS.md §4, PROTOCOL.md §12). */
export const httpFunctionsDefaults = {
  urlAllowlist: ['*'],
  blockPrivateIps: true,
  requireHttps: true,
  /** Per-call timeout when the ref gives none. */
  timeoutMs: 30_000,
  /** Upper bound on any ref's `timeout_ms`. */
  maxTimeoutMs: 60_000,
  /** A larger response body fails the call with `http_response_failed`. */
  maxResponseBytes: 16 * 1024 * 1024,
} as const

const SecuritySchema = Type.Object(
  {
    url_allowlist: Type.Array(Type.String({ minLength: 1 }), {
      default: [...httpFunctionsDefaults.urlAllowlist],
    }),
    block_private_ips: Type.Boolean({ default: httpFunctionsDefaults.blockPrivateIps }),
    require_https: Type.Boolean({ default: httpFunctionsDefaults.requireHttps }),
  },
  { additionalProperties: false, default: {} },
)

/** `iii-http-functions` config (BUILTINS.md §4). */
export const HttpFunctionsConfigSchema = Type.Object(
  { security: SecuritySchema },
  { additionalProperties: false },
)

export type HttpFunctionsConfig = Static<typeof HttpFunctionsConfigSchema>
export type SecurityConfig = Static<typeof SecuritySchema>
