/** Reconnect delays: `initial × 2^attempt`, capped at `max`, ± 20 % jitter so many bridges spread out. */
export function reconnectDelayMs(
  attempt: number,
  options: { initialDelayMs: number; maxDelayMs: number },
): number {
  const base = Math.min(options.initialDelayMs * 2 ** Math.min(attempt, 30), options.maxDelayMs)
  return Math.max(1, Math.round(base * (0.8 + 0.4 * Math.random())))
}
