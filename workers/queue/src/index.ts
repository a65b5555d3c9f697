export { type AdapterChoice, chooseAdapter } from './adapters/choose'
export { createQueueStore } from './adapters/create'
export { FileQueueStore, type FileQueueStoreOptions, fileQueueStoreDefaults } from './adapters/file'
export { MemoryQueueStore } from './adapters/memory'
export {
  RedisQueueStore,
  type RedisQueueStoreOptions,
  redisQueueStoreDefaults,
} from './adapters/redis'
export {
  backoffDelay,
  type QueueConfig,
  QueueConfigSchema,
  type QueueSettings,
  type QueueSettingsInput,
  queueSettingsDefaults,
  resolveQueueSettings,
} from './config'
export type { DlqEntry, Job, PublishedMessage, QueueStats, StallInfo, Subscription } from './job'
export { holdingQueueOf, parseDurableQueue, subscriptionQueueOf } from './names'
export type {
  ClaimOptions,
  IdempotencyOptions,
  QueueStore,
  ReapResult,
  SettleRequest,
  SettleResult,
} from './store'
export { queueWorker } from './worker'
