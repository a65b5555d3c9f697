import { type Static, Type } from '@sinclair/typebox'

/** Defaults of `iii-stream` (BUILTINS.md §6). */
export const streamDefaults = {
  port: 3112,
  host: '127.0.0.1',
  /** Live-event buffer per subscriber, in messages. */
  channelSize: 256,
  filePath: './data/stream_store.db',
  saveIntervalMs: 5000,
  redisUrl: 'redis://localhost:6379',
  /** Largest client frame accepted on the browser socket. */
  maxClientFrameBytes: 64 * 1024,
  /** Bytes uWS may hold for a socket before pushes wait in the subscriber buffers. */
  sendHighWaterBytes: 256 * 1024,
  /** Subscriptions one browser socket may hold at once. */
  maxSubscriptionsPerConnection: 1_000,
} as const

const AdapterOptionsSchema = Type.Object(
  {
    channel_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    file_path: Type.Optional(Type.String({ minLength: 1 })),
    save_interval_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000 })),
    redis_url: Type.Optional(Type.String({ minLength: 1 })),
    store_method: Type.Optional(
      Type.Union([Type.Literal('in_memory'), Type.Literal('file_based')]),
    ),
    /** The `iii-bridge` (by name) whose remote engine keeps the items. */
    bridge: Type.Optional(Type.String({ minLength: 1 })),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The reference engine's key; refused with a pointer to `bridge`. */
    bridge_url: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

/** `adapter: {name, config}` (BUILTINS.md §0.1); `kv` is the reference engine's spelling. */
export const StreamAdapterSchema = Type.Object(
  {
    name: Type.Union([
      Type.Literal('memory'),
      Type.Literal('file'),
      Type.Literal('redis'),
      Type.Literal('bridge'),
      Type.Literal('kv'),
    ]),
    config: Type.Optional(AdapterOptionsSchema),
  },
  { additionalProperties: false, default: { name: 'memory' } },
)
export type StreamAdapterConfig = Static<typeof StreamAdapterSchema>

/** `iii-stream` config (BUILTINS.md §6). */
export const StreamConfigSchema = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535, default: streamDefaults.port }),
    host: Type.String({ minLength: 1, default: streamDefaults.host }),
    auth_function: Type.Optional(Type.String({ minLength: 1 })),
    adapter: StreamAdapterSchema,
    max_subscriptions_per_connection: Type.Integer({
      minimum: 1,
      default: streamDefaults.maxSubscriptionsPerConnection,
    }),
  },
  { additionalProperties: false },
)
export type StreamConfig = Static<typeof StreamConfigSchema>
