import type { RbacPolicy } from './rbac'

/** What the auth function granted a connection (PROTOCOL.md §11.1). */
export interface Grant {
  namespaces: Record<string, unknown[]>
  allowed_functions: string[]
  forbidden_functions: string[]
  /** Absent means every type. */
  allowed_trigger_types?: string[]
  allow_trigger_type_registration: boolean
  allow_function_registration: boolean
  context: unknown
  function_registration_prefix?: string
  /** May register reserved ids (auth, middleware, hooks) on an RBAC listener. @default false */
  allow_reserved_function_registration?: boolean
  /**
   * Routes (`"<METHOD> <api_path>"` globs, or an `api_path` glob for every method) this
   * connection may take from another connection at once (PROTOCOL.md §11.6).
   */
  route_takeovers?: string[]
}

/** The grant of a connection on a listener without an auth function. */
export const permissiveGrant = (): Grant => ({
  namespaces: {},
  allowed_functions: [],
  forbidden_functions: [],
  allow_trigger_type_registration: true,
  allow_function_registration: true,
  context: {},
})

/** Per-listener limits and security settings that sessions consult. */
export interface ListenerPolicy {
  /** Listener instance name (`iii-worker-manager`, `iii-worker-manager#1`, …). */
  name: string
  /** Unfinished calls per connection before `TOO_MANY_INVOCATIONS`. @default 10000 */
  maxInflightInvocations: number
  /** Every call on this listener (but the engine's own built-ins) goes to this function instead. */
  middlewareFunctionId?: string
  /** Without it, no invocation filtering applies at all (PROTOCOL.md §11.1). */
  rbac?: RbacPolicy
  /**
   * Who may take a trigger route (an HTTP method + path) another connection serves:
   * `same_worker_name` (a redeploy; it waits as a standby) or `newest` (the newest binding
   * serves at once; for trusted listeners). @default 'same_worker_name'
   */
  routeTakeover?: RouteTakeover
  /** Per-connection registration caps. @default connectionLimitDefaults */
  limits?: ConnectionLimits
}

export type RouteTakeover = 'same_worker_name' | 'newest'

/** What one connection may hold at once (PROTOCOL.md §11.7). */
export interface ConnectionLimits {
  functions: number
  bindings: number
  triggerTypes: number
  channels: number
}

export const connectionLimitDefaults: ConnectionLimits = {
  functions: 25_000,
  bindings: 25_000,
  triggerTypes: 1_000,
  channels: 10_000,
}

export const defaultListenerPolicy = (): ListenerPolicy => ({
  name: 'iii-worker-manager',
  maxInflightInvocations: 10_000,
})
