import type { ReconnectOptions } from './types'

/** Reconnection defaults of the browser stream client. */
export const streamClientDefaults = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
} as const

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter in
 * [50%, 100%] so a restarted engine is not hit by every browser at the same instant.
 */
export function reconnectDelayMs(
  attempt: number,
  options: ReconnectOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialDelayMs ?? streamClientDefaults.initialDelayMs
  const max = options.maxDelayMs ?? streamClientDefaults.maxDelayMs
  const factor = options.factor ?? streamClientDefaults.factor
  const ceiling = Math.min(max, initial * factor ** attempt)
  return Math.round(ceiling * (0.5 + random() / 2))
}
