import type { ChaosEvent } from '../../queue/support/chaos-check'

/**
 * Collects the engine's "lease expired; redelivered" log lines as chaos events, so the queue
 * history checker can explain the duplicates they cause. `watch` is the engine's line sink.
 */
export function watchLeases(engine = 'E'): { leases: ChaosEvent[]; watch(line: string): void } {
  const leases: ChaosEvent[] = []
  return {
    leases,
    watch(line) {
      if (!line.includes('"msg":"job lease expired; redelivered"')) return
      const rec = JSON.parse(line)
      leases.push({ type: 'lease-expired', message_id: rec.message_id, engine, at: Date.now() })
    },
  }
}
