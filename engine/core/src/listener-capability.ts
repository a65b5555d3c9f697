import { type Capability, defineCapability } from './capabilities'

/** Where one worker listener accepts connections, for built-ins that connect as ordinary workers. */
export interface WorkerListenerInfo {
  /** Instance name (`iii-worker-manager`, `iii-worker-manager#1`, …). */
  readonly name: string
  /** `ws://host:port` as bound (port 0 in the config resolves to the real port). */
  url(): string | undefined
  /** True when the listener runs an auth function or an RBAC grant. */
  readonly guarded: boolean
}

/**
 * The capability each `iii-worker-manager` instance offers under its instance name.
 *
 * @example
 * const main = ctx.use(workerListenerCapability('iii-worker-manager'))?.url()
 */
export const workerListenerCapability = (instanceName: string): Capability<WorkerListenerInfo> =>
  defineCapability<WorkerListenerInfo>(`worker-listener:${instanceName}`)
