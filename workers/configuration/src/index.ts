export { FsConfigurationStore, type FsConfigurationStoreOptions } from './adapters/fs'
export { MemoryConfigurationStore } from './adapters/memory'
export {
  type ConfigurationAdapterChoice,
  type ConfigurationConfig,
  ConfigurationConfigSchema,
  configurationDefaults,
  resolveConfigurationAdapter,
} from './config'
export {
  type ConfigurationEvent,
  type ConfigurationEventType,
  configurationEventTypes,
} from './events'
export { expandValue } from './expand'
export { builtinEntryId, idPattern } from './ids'
export type { AcceptEdit, ConfigurationStore, ExternalChange, StoredEntry } from './store'
export { configurationWorker } from './worker'
