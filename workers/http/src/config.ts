import { type Static, Type } from '@sinclair/typebox'

/** Defaults of the `iii-http` worker (BUILTINS.md §3), in one place. */
export const httpDefaults = {
  port: 3111,
  host: '127.0.0.1',
  /** Bounds each middleware call. */
  defaultTimeoutMs: 30_000,
  /** In-flight requests over all routes; extra requests wait for a slot. */
  concurrencyRequestLimit: 1024,
  /** A route's in-flight share when `concurrency_route_limit` is not set: a quarter of the global limit. */
  concurrencyRouteShare: 0.25,
  /** Requests of one route waiting for a slot; beyond it, 503 `TOO_MANY_REQUESTS`. */
  concurrencyQueueLimit: 256,
  /** `Retry-After` of a 503 `TOO_MANY_REQUESTS`. */
  retryAfterSeconds: 1,
  /** Largest request head (request line and headers); above it, 431. */
  maxHeaderBytes: 16 * 1024,
  /** Time a client has to send the request head; then 408 and close. */
  headersTimeoutMs: 30_000,
  /** Idle time before a kept-alive connection is closed. */
  keepAliveTimeoutMs: 10_000,
  bodyLimitBytes: 10 * 1024 * 1024,
  /**
   * A handler that returns nothing answers through its response channel. If that channel's
   * writer has not connected this long after the handler returned, the response is sent empty.
   */
  responseClaimGraceMs: 2_000,
  /** Frames buffered on the per-request channels. */
  channelBufferSize: 64,
} as const

const CorsSchema = Type.Object(
  {
    allowed_origins: Type.Optional(Type.Array(Type.String())),
    allowed_methods: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
)

const MiddlewareSchema = Type.Object(
  {
    function_id: Type.String({ minLength: 1 }),
    phase: Type.Literal('preHandler', { default: 'preHandler' }),
    priority: Type.Integer({ default: 0 }),
  },
  { additionalProperties: false },
)

/** `iii-http` config (BUILTINS.md §3). */
export const HttpConfigSchema = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: httpDefaults.port }),
    host: Type.String({ minLength: 1, default: httpDefaults.host }),
    default_timeout: Type.Integer({ minimum: 1, default: httpDefaults.defaultTimeoutMs }),
    concurrency_request_limit: Type.Integer({
      minimum: 0,
      default: httpDefaults.concurrencyRequestLimit,
    }),
    /** Unset: a quarter of `concurrency_request_limit` (at least 1). */
    concurrency_route_limit: Type.Optional(Type.Integer({ minimum: 1 })),
    concurrency_queue_limit: Type.Integer({
      minimum: 0,
      default: httpDefaults.concurrencyQueueLimit,
    }),
    max_header_bytes: Type.Integer({
      minimum: 1024,
      maximum: 1024 * 1024,
      default: httpDefaults.maxHeaderBytes,
    }),
    headers_timeout_ms: Type.Integer({ minimum: 1, default: httpDefaults.headersTimeoutMs }),
    keep_alive_timeout_ms: Type.Integer({ minimum: 1, default: httpDefaults.keepAliveTimeoutMs }),
    body_limit_bytes: Type.Integer({ minimum: 0, default: httpDefaults.bodyLimitBytes }),
    cors: Type.Optional(CorsSchema),
    middleware: Type.Array(MiddlewareSchema, { default: [] }),
  },
  { additionalProperties: false },
)

export type HttpConfig = Static<typeof HttpConfigSchema>
export type CorsConfig = Static<typeof CorsSchema>
export type GlobalMiddleware = Static<typeof MiddlewareSchema>

/** The in-flight limit of one route: `concurrency_route_limit`, else a share of the global limit. */
export function routeLimitOf(config: HttpConfig): number {
  const global = Math.max(1, config.concurrency_request_limit)
  return Math.min(
    global,
    config.concurrency_route_limit ??
      Math.max(1, Math.ceil(global * httpDefaults.concurrencyRouteShare)),
  )
}
