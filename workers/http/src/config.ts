import { type Static, Type } from '@sinclair/typebox'

/** Defaults of the `iii-http` worker (BUILTINS.md §3), in one place. */
export const httpDefaults = {
  port: 3111,
  host: '127.0.0.1',
  /** Bounds each middleware call. */
  defaultTimeoutMs: 30_000,
  /** In-flight requests; extra requests wait for a slot. */
  concurrencyRequestLimit: 1024,
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
    concurrency_request_limit: Type.Integer({ minimum: 0, default: httpDefaults.concurrencyRequestLimit }),
    body_limit_bytes: Type.Integer({ minimum: 0, default: httpDefaults.bodyLimitBytes }),
    cors: Type.Optional(CorsSchema),
    middleware: Type.Array(MiddlewareSchema, { default: [] }),
  },
  { additionalProperties: false },
)

export type HttpConfig = Static<typeof HttpConfigSchema>
export type CorsConfig = Static<typeof CorsSchema>
export type GlobalMiddleware = Static<typeof MiddlewareSchema>
