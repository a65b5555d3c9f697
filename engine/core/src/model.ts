import type { ErrorBody, HttpInvocationRef } from '@iii/protocol'

/** Anything that can own functions, trigger types and bindings: a socket session or a built-in worker. */
export interface WorkerRecord {
  readonly id: string
  readonly kind: 'session' | 'builtin'
  /** Display name: `name` from `engine::workers::register`, or the built-in's runtime name. */
  name: string
  namespace: string
  readonly connectedAtMs: number
  readonly ip: string
  meta: WorkerMeta
}

export interface WorkerMeta {
  runtime?: string
  version?: string
  description?: string
  os?: string
  isolation?: string
  pid?: number
  telemetry?: { language?: string; project_name?: string; framework?: string }
  latestMetrics?: Record<string, unknown>
}

/** Calls from built-in functions see who called and with which context. */
export interface CallInfo {
  invocationId: string
  functionId: string
  namespace: string
  /** The calling session, when a socket worker made the call. */
  caller?: WorkerRecord
  metadata?: unknown
  traceparent?: string
  baggage?: string
}

export type BuiltinHandler = (data: unknown, call: CallInfo) => unknown

export interface FunctionDef {
  id: string
  description?: string
  /** JSON Schema of the input; `engine::functions::info` shows it as `request_schema`. */
  request_format?: unknown
  /** JSON Schema of the result; shown as `response_schema`. */
  response_format?: unknown
  metadata?: unknown
}

/** A built-in function's request and response schemas (TypeBox schemas are JSON Schema). */
export interface FunctionSchemas {
  request_format: unknown
  response_format: unknown
}

export interface FunctionEntry extends FunctionDef {
  namespace: string
  /** The id the owning worker registered, before any registration prefix; sent on dispatch. */
  localId?: string
  owner: WorkerRecord
  /** How a call reaches it. */
  target:
    | { kind: 'builtin'; handler: BuiltinHandler }
    | { kind: 'session' }
    | { kind: 'http'; ref: HttpInvocationRef }
  registeredAtMs: number
}

export interface TriggerTypeDef {
  id: string
  description: string
  trigger_request_format?: unknown
  call_request_format?: unknown
}

/** What a binding looks like to its provider. */
export interface BindingInfo {
  id: string
  trigger_type: string
  function_id: string
  config: unknown
  metadata?: unknown
  /** Where the target function resolves. */
  namespace: string
  /** The connection that created it; absent for built-in and ownerless bindings. */
  binder?: BinderInfo
}

/**
 * Who created a binding, for providers that arbitrate between the bindings of different
 * connections (the HTTP worker's route ownership, PROTOCOL.md §11.6).
 */
export interface BinderInfo {
  workerId: string
  /** The worker name it announced (`engine::workers::register`). */
  workerName: string
  /** The listener it connected through (`iii-worker-manager`, `iii-worker-manager#1`, …). */
  listener: string
  /**
   * Whether it may take `key` (for HTTP: `"<METHOD> <api_path>"`) from another connection at
   * once: its listener opted in to `route_takeover: newest`, or its grant's `route_takeovers`
   * matches the key.
   */
  mayTakeOver(key: string): boolean
}

/** A built-in trigger type's provider. Throw an `IIIError` from `register` to refuse a config. */
export interface TriggerProvider {
  register(binding: BindingInfo): void | Promise<void>
  unregister(binding: BindingInfo): void | Promise<void>
}

export interface TriggerTypeEntry extends TriggerTypeDef {
  namespace: string
  owner: WorkerRecord
  /** Built-in providers answer in-process; session providers get `registertrigger` frames. */
  provider: { kind: 'builtin'; hooks: TriggerProvider } | { kind: 'session' }
}

export interface Binding extends BindingInfo {
  /** Explicit provider namespace; when absent the binder's namespace, then `default`. */
  trigger_namespace?: string
  /** Namespace of the binder's connection at registration. */
  binderNamespace: string
  /** The session that created it; `null` for ownerless bindings from `engine::register_trigger`. */
  owner: WorkerRecord | null
  /** The provider it is currently delivered to; `null` while parked. */
  provider: TriggerTypeEntry | null
  /** Why the last delivery failed, while parked by a provider's refusal. */
  parkError?: ErrorBody
  createdAtMs: number
}

export interface ServiceEntry {
  id: string
  name: string
  namespace: string
  description?: string
  parent_service_id?: string
}

/**
 * The end of an invocation. `forward` is the callee's own `invocationresult` text when it can be
 * passed to the caller unchanged (same invocation id and function id), sparing a re-encode.
 */
export type InvocationOutcome = (
  | { ok: true; result: unknown }
  | { ok: false; error: ErrorBody }
) & { forward?: ForwardableResult }

export interface ForwardableResult {
  text: string
  invocationId: string
  functionId: string | undefined
}
