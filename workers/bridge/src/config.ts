import type { ConfigProblem } from '@iii/core'
import { type Static, Type } from '@sinclair/typebox'

/** Defaults of `iii-bridge` (BUILTINS.md §11). */
export const bridgeDefaults = {
  timeoutMs: 30_000,
  /** The remote listener's default `max_frame_bytes`. */
  maxFrameBytes: 64 * 1024 * 1024,
  /** Bridge crossings one call may make before it is refused as a loop. */
  maxHops: 8,
  reconnectInitialDelayMs: 1_000,
  reconnectMaxDelayMs: 30_000,
  handshakeTimeoutMs: 10_000,
  /** A ping every this often; no frame at all for three intervals drops the socket. */
  pingIntervalMs: 20_000,
} as const

const Name = Type.String({ pattern: '^[a-z0-9_-]{1,64}$' })
const FunctionId = Type.String({ minLength: 1, maxLength: 1024 })
const Prefix = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,128}$' })

const ExposeSchema = Type.Object(
  {
    /** A local function id, or a glob (`*` matches any run of characters). */
    local_function: FunctionId,
    /** The id on the remote engine; only with an exact `local_function`. */
    remote_function: Type.Optional(FunctionId),
    /** Registered on the remote as `{prefix}::{id}`. */
    prefix: Type.Optional(Prefix),
    /** Local namespace to select from. @default 'default' */
    namespace: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
)

const ForwardSchema = Type.Object(
  {
    /** The function on the remote engine. */
    remote_function: FunctionId,
    /** The local id. @default `remote_function`, or `{prefix}::{remote_function}` */
    local_function: Type.Optional(FunctionId),
    prefix: Type.Optional(Prefix),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)

/** `iii-bridge` config (BUILTINS.md §11). */
export const BridgeConfigSchema = Type.Object(
  {
    /** The remote engine's worker listener, `ws://host:port` or `wss://…`. */
    url: Type.String({ minLength: 1 }),
    /** Names this bridge (function ids, adapter `bridge` key); required when there are several. */
    name: Type.Optional(Name),
    /** Worker name announced to the remote. @default `iii-bridge/<name>@<engine id>` */
    worker_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    /** Headers on the WebSocket upgrade, seen by the remote's auth function. */
    headers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
    timeout_ms: Type.Integer({ minimum: 1, default: bridgeDefaults.timeoutMs }),
    /** The remote listener's `max_frame_bytes`: larger calls and results are refused here. */
    max_frame_bytes: Type.Integer({
      minimum: 1024,
      maximum: 2 ** 31 - 1,
      default: bridgeDefaults.maxFrameBytes,
    }),
    max_hops: Type.Integer({ minimum: 1, maximum: 64, default: bridgeDefaults.maxHops }),
    reconnect_initial_delay_ms: Type.Integer({
      minimum: 1,
      default: bridgeDefaults.reconnectInitialDelayMs,
    }),
    reconnect_max_delay_ms: Type.Integer({
      minimum: 1,
      default: bridgeDefaults.reconnectMaxDelayMs,
    }),
    expose: Type.Array(ExposeSchema, { default: [] }),
    forward: Type.Array(ForwardSchema, { default: [] }),
  },
  { additionalProperties: false },
)
export type BridgeConfig = Static<typeof BridgeConfigSchema>
export type ExposeEntry = Static<typeof ExposeSchema>
export type ForwardEntry = Static<typeof ForwardSchema>

/** The bridge's name: `iii-bridge` unless configured. */
export const bridgeNameOf = (config: BridgeConfig): string => config.name ?? 'iii-bridge'

/** The local id of a forward. */
export const forwardLocalId = (entry: ForwardEntry): string =>
  entry.local_function ??
  (entry.prefix ? `${entry.prefix}::${entry.remote_function}` : entry.remote_function)

function checkUrl(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return `"${url}" is not a URL; use ws://host:port`
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    return `"${url}" must use ws:// or wss://`
  return undefined
}

function checkExpose(entry: ExposeEntry, i: number): ConfigProblem | undefined {
  const glob = entry.local_function.includes('*')
  if (entry.remote_function !== undefined && glob) {
    return {
      key: `expose.${i}.remote_function`,
      reason: 'only an exact local_function can be renamed; use prefix with a glob',
    }
  }
  if (entry.remote_function !== undefined && entry.prefix !== undefined) {
    return { key: `expose.${i}.prefix`, reason: 'give remote_function or prefix, not both' }
  }
  if (entry.local_function.startsWith('engine::')) {
    return {
      key: `expose.${i}.local_function`,
      reason: 'engine::* functions belong to each engine and cannot be exposed',
    }
  }
  return undefined
}

function checkForwards(forward: ForwardEntry[]): ConfigProblem | undefined {
  const seen = new Map<string, number>()
  for (const [i, entry] of forward.entries()) {
    if (entry.remote_function.includes('*')) {
      return {
        key: `forward.${i}.remote_function`,
        reason: 'forward takes exact function ids, not globs',
      }
    }
    if (entry.local_function !== undefined && entry.prefix !== undefined) {
      return { key: `forward.${i}.prefix`, reason: 'give local_function or prefix, not both' }
    }
    const local = forwardLocalId(entry)
    if (local.startsWith('engine::') || local.startsWith('bridge::')) {
      return {
        key: `forward.${i}`,
        reason: `the local id ${local} is reserved; give local_function or prefix`,
      }
    }
    const first = seen.get(local)
    if (first !== undefined)
      return { key: `forward.${i}`, reason: `forward.${first} already registers ${local} here` }
    seen.set(local, i)
  }
  return undefined
}

/** Checks the schema cannot express; run at config load (BUILTINS.md §11). */
export function validateBridgeConfig(config: BridgeConfig): ConfigProblem | undefined {
  const url = checkUrl(config.url)
  if (url) return { key: 'url', reason: url }
  if (config.reconnect_max_delay_ms < config.reconnect_initial_delay_ms) {
    return { key: 'reconnect_max_delay_ms', reason: 'must be at least reconnect_initial_delay_ms' }
  }
  for (const [i, entry] of config.expose.entries()) {
    const problem = checkExpose(entry, i)
    if (problem) return problem
  }
  return checkForwards(config.forward)
}
