export { type AdapterCallOptions, adapterCall } from './adapter-call'
export {
  AppendLog,
  type AppendLogOptions,
  appendLogDefaults,
  type LogRecovery,
  type LogReplay,
} from './append-log'
export { checkValueDepth, encodeRecord, storageLimits, valueDepth } from './encode'
export { quarantineFile, quarantineName } from './quarantine'
export { isStorageError, storageErrorCodes, toStorageError } from './storage-errors'
export { syncDirectory, writeAtomic } from './write-atomic'
export { writeFully } from './write-fully'
