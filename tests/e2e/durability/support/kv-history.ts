/**
 * One line of a key-value write history (state and stream items). Each key is written by one
 * writer, one call at a time, with a rising `seq`: the stored value is `{ key, seq }`.
 */
export type KvEvent =
  | { type: 'invoke'; key: string; seq: number }
  /** The call answered success: the write must survive anything. */
  | { type: 'ack'; key: string; seq: number }
  /** The call answered an error; `code` says which (`STORAGE_FULL`: refused, nothing stored). */
  | { type: 'fail'; key: string; seq: number; code: string }

export interface KvVerdict {
  /** Acknowledged writes in the history. */
  acked: number
  /** Keys whose stored seq is older than the last acknowledged one (or missing). */
  lost: { key: string; acked: number; found: number | undefined }[]
  /** Keys holding a seq that was never sent, or one that was refused with `STORAGE_FULL`. */
  phantom: { key: string; found: number; why: string }[]
}

interface KeyHistory {
  lastAck: number | undefined
  sent: Set<number>
  refused: Set<number>
}

function byKey(events: KvEvent[]): Map<string, KeyHistory> {
  const keys = new Map<string, KeyHistory>()
  for (const e of events) {
    let h = keys.get(e.key)
    if (!h) {
      h = { lastAck: undefined, sent: new Set(), refused: new Set() }
      keys.set(e.key, h)
    }
    if (e.type === 'invoke') h.sent.add(e.seq)
    else if (e.type === 'ack') h.lastAck = Math.max(h.lastAck ?? e.seq, e.seq)
    else if (e.code === 'STORAGE_FULL') h.refused.add(e.seq)
  }
  return keys
}

/**
 * Checks what a store holds (`found`: key → seq) against the history of writes to it, taken while
 * no call was in flight: every key holds its last acknowledged write or a later one that was sent
 * (a call whose answer was lost in a crash may have landed), never an older one, never one that
 * was not sent, and never one refused with `STORAGE_FULL`.
 */
export function checkKv(events: KvEvent[], found: Map<string, number>): KvVerdict {
  const verdict: KvVerdict = { acked: 0, lost: [], phantom: [] }
  for (const e of events) if (e.type === 'ack') verdict.acked++
  const keys = byKey(events)
  for (const [key, h] of keys) {
    const seq = found.get(key)
    if (h.lastAck !== undefined && (seq === undefined || seq < h.lastAck))
      verdict.lost.push({ key, acked: h.lastAck, found: seq })
  }
  for (const [key, seq] of found) {
    const h = keys.get(key)
    if (!h?.sent.has(seq)) verdict.phantom.push({ key, found: seq, why: 'never sent' })
    else if (h.refused.has(seq))
      verdict.phantom.push({ key, found: seq, why: 'refused with STORAGE_FULL' })
  }
  return verdict
}
