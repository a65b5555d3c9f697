export { type FileStoreOptions, FileStreamStore } from './adapters/file'
export { MemoryStreamStore } from './adapters/memory'
export { type RedisStoreOptions, RedisStreamStore } from './adapters/redis'
export {
  type StreamAdapterConfig,
  type StreamConfig,
  StreamConfigSchema,
  streamDefaults,
} from './config'
export type { PushMessage, StreamEvent, StreamMessage } from './message'
export type {
  DeleteResult,
  ItemKey,
  SetResult,
  StreamStore,
  StreamSummary,
  UpdateOpError,
  UpdateResult,
} from './store'
export { streamWorker } from './worker'
