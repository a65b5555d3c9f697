export { LocalPubsubBackend } from './adapters/local'
export { pubsubChannel, RedisPubsubBackend, type RedisPubsubBackendOptions } from './adapters/redis'
export { encodeMessage, type MessageHandler, type PubsubBackend, type Unsubscribe } from './backend'
export {
  type PubsubAdapterChoice,
  type PubsubConfig,
  PubsubConfigError,
  PubsubConfigSchema,
  pubsubDefaults,
  resolvePubsubAdapter,
} from './config'
export { pubsubWorker } from './worker'
