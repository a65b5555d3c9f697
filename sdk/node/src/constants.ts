/** Reconnect backoff: delay = min(initial × multiplier^attempt, max) ± jitter (PROTOCOL.md §13). */
export interface ReconnectionConfig {
  /** @default 1000 */
  initialDelayMs: number
  /** @default 30000 */
  maxDelayMs: number
  /** @default 2 */
  backoffMultiplier: number
  /** Uniform jitter as a fraction of the delay. @default 0.3 */
  jitterFactor: number
  /** -1 retries forever. @default -1 */
  maxRetries: number
}

export const reconnectionDefaults: ReconnectionConfig = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  backoffMultiplier: 2,
  jitterFactor: 0.3,
  maxRetries: -1,
}

export const sdkDefaults = {
  url: 'ws://127.0.0.1:49134',
  invocationTimeoutMs: 30_000,
  /** How long a call made before the first connection waits for it before `NOT_CONNECTED`. */
  connectWaitMs: 5000,
  handshakeTimeoutMs: 10_000,
  pingIntervalMs: 20_000,
  idleTimeoutMs: 60_000,
  /** Binary channel writes are split into frames of this size. */
  channelFrameBytes: 64 * 1024,
  /** Bytes a channel reader buffers before it pauses its socket (a few frames, so it does not pause on every one). */
  channelReadBufferBytes: 1024 * 1024,
} as const
