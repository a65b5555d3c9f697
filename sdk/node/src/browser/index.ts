export { reconnectDelayMs, streamClientDefaults } from './backoff'
export { createStreamClient, StreamClient } from './stream-client'
export type {
  BrowserSocket,
  ReconnectOptions,
  SocketConstructor,
  StreamClientOptions,
  StreamClientStatus,
  StreamError,
  StreamHandlers,
  StreamSubscription,
  StreamTarget,
} from './types'
