import type { HttpAuthConfig } from '@iii/protocol'
import type { TriggerActionValue } from './actions'
import type { ReconnectionConfig } from './constants'
import type { SdkLogger } from './logger'
import type { TelemetryOptions } from './telemetry'

/** A function handler: the payload, and the caller's or binding's metadata. */
// biome-ignore lint/suspicious/noExplicitAny: the same defaults as the published iii-sdk, so handlers written for it type-check unchanged
export type FunctionHandler<TInput = any, TOutput = unknown> = (
  data: TInput,
  metadata?: unknown,
) => Promise<TOutput> | TOutput

export interface RegisterFunctionOptions {
  description?: string
  request_format?: unknown
  response_format?: unknown
  metadata?: Record<string, unknown>
}

/** A function served by an external URL instead of a handler (PROTOCOL.md §12). */
export interface HttpInvocationConfig {
  url: string
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  timeout_ms?: number
  headers?: Record<string, string>
  auth?: HttpAuthConfig
}

export interface FunctionRef {
  id: string
  unregister(): void
}

export interface RegisterTriggerInput {
  type: string
  function_id: string
  config: unknown
  metadata?: unknown
  /** Where the target function resolves. @default 'default' */
  namespace?: string
  /** Where the provider is looked up. */
  trigger_namespace?: string
}

export interface TriggerRef {
  id: string
  unregister(): void
}

/** What a provider sees of one binding. */
export interface TriggerConfig<TConfig = unknown> {
  id: string
  function_id: string
  config: TConfig
  metadata?: unknown
}

/** A worker-provided trigger type's behaviour; throw from `registerTrigger` to refuse a config. */
export interface TriggerHandler<TConfig = unknown> {
  registerTrigger(trigger: TriggerConfig<TConfig>): Promise<void> | void
  unregisterTrigger(trigger: TriggerConfig<TConfig>): Promise<void> | void
}

export interface RegisterTriggerTypeInput {
  id: string
  description: string
  trigger_request_format?: unknown
  call_request_format?: unknown
  namespace?: string
}

export interface TriggerTypeRef<TConfig = unknown> {
  id: string
  registerTrigger(functionId: string, config: TConfig, metadata?: unknown): TriggerRef
  registerFunction(
    functionId: string,
    handler: FunctionHandler,
    config: TConfig,
    metadata?: unknown,
  ): FunctionRef
  unregister(): void
}

export interface TriggerRequest<TInput = unknown> {
  function_id: string
  payload: TInput
  action?: TriggerActionValue
  /** Local deadline. @default the worker's invocationTimeoutMs (30000) */
  timeoutMs?: number
  metadata?: unknown
  /** Target namespace. @default 'default' */
  namespace?: string
}

export interface WorkerOptions {
  /** Name in `engine::workers::list`. @default env III_WORKER_NAME, else `hostname:pid` */
  workerName?: string
  workerDescription?: string
  /** Namespace this worker's registrations live in. @default 'default' */
  namespace?: string
  /** @default 30000 */
  invocationTimeoutMs?: number
  /**
   * How long a call made before this worker ever connected waits for the connection; then it
   * fails with `NOT_CONNECTED` and the reason (`ECONNREFUSED 127.0.0.1:49134`). Calls made
   * after a disconnect wait in the offline queue for their own timeout instead. @default 5000
   */
  connectWaitMs?: number
  reconnectionConfig?: Partial<ReconnectionConfig>
  /** Extra HTTP headers on the WebSocket upgrade (seen by the engine's auth function). */
  headers?: Record<string, string>
  logger?: SdkLogger
  telemetry?: { language?: string; project_name?: string; framework?: string }
  /** Tracing of handled and outgoing calls; spans are exported to the engine. */
  otel?: TelemetryOptions
}
