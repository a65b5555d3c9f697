import { type Capability, defineCapability } from './capabilities'

/** One call to a function on another engine. */
export interface RemoteCall {
  functionId: string
  data: unknown
  /** Local deadline. @default the bridge's `timeout_ms` */
  timeoutMs?: number
  /** Trace context; when absent the active context is sent. */
  traceparent?: string
  baggage?: string
}

/**
 * Calls functions on another engine, as the `iii-bridge` worker does for adapters that keep their
 * data there (`adapter: {name: bridge}`). Provided under `remoteEngineSlot(bridgeName)`.
 */
export interface RemoteEngine {
  /** The bridge's name (`iii-bridge` unless configured). */
  readonly name: string
  /** True while the bridge is connected to the remote engine. */
  readonly connected: boolean
  /**
   * Calls `functionId` on the remote engine and resolves with its result. Rejects with an
   * `IIIError`: `BRIDGE_UNAVAILABLE` when not connected (nothing was sent), the remote's own error,
   * `TIMEOUT`, or `invocation_stopped` when the connection dropped mid-call (outcome unknown).
   */
  call(request: RemoteCall): Promise<unknown>
}

/** Where the bridge named `bridgeName` provides its `RemoteEngine`. */
export const remoteEngineSlot = (bridgeName: string): Capability<RemoteEngine> =>
  defineCapability<RemoteEngine>(`remote-engine:${bridgeName}`)
