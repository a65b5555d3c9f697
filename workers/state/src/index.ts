export { BridgeStateStore, type BridgeStateStoreOptions } from './adapters/bridge'
export { FileStateStore, type FileStateStoreOptions } from './adapters/file'
export { MemoryStateStore } from './adapters/memory'
export { RedisStateStore, type RedisStateStoreOptions, stateRedisKeys } from './adapters/redis'
export {
  resolveStateAdapter,
  type StateAdapterChoice,
  type StateConfig,
  StateConfigError,
  StateConfigSchema,
  stateDefaults,
} from './config'
export type { StateChange, StateStore, StateUpdateOutcome } from './store'
export type { StateEvent, StateEventType } from './triggers'
export { stateWorker } from './worker'
