import type { Job } from '../job'
import type { ClaimOptions } from '../store'

/** One stored job and where it is. */
export interface Entry {
  job: Job
  /** Enqueue order; a retried or released job keeps it, a redriven one gets a new one. */
  seq: number
  state: 'waiting' | 'active' | 'dead'
  /** Active but not started yet (claimed ahead): an expired lease counts no stall. */
  reserved?: boolean
  error?: string
  failed_at?: number
}

/** One queue of the memory store. */
export interface QueueState {
  /** Waiting entries by seq. */
  waiting: Entry[]
  active: Map<string, Entry>
  dead: Entry[]
  ids: Map<string, Entry>
}

export const emptyQueueState = (): QueueState => ({
  waiting: [],
  active: new Map(),
  dead: [],
  ids: new Map(),
})

/** Inserts into `waiting` keeping seq order (binary search). */
export function insertWaiting(s: QueueState, e: Entry): void {
  let lo = 0
  let hi = s.waiting.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((s.waiting[mid] as Entry).seq < e.seq) lo = mid + 1
    else hi = mid
  }
  s.waiting.splice(lo, 0, e)
}

/** Removes an entry from the list its state puts it in, and drops its lease. */
export function unlinkEntry(s: QueueState, e: Entry): void {
  if (e.state === 'active') s.active.delete(e.job.message_id)
  else if (e.state === 'dead') s.dead.splice(s.dead.indexOf(e), 1)
  else s.waiting.splice(s.waiting.indexOf(e), 1)
  delete e.job.lease_until
  delete e.job.lease_token
  delete e.reserved
}

/** Earliest `process_at` later than `now` among a queue's waiting entries. */
export function nextDue(s: QueueState | undefined, now: number): number | undefined {
  let next: number | undefined
  for (const e of s?.waiting ?? []) {
    const at = e.job.process_at
    if (at > now && (next === undefined || at < next)) next = at
  }
  return next
}

/**
 * Moves due entries to active with a lease, oldest first: `max` running, then up to `reserve`
 * reserved. A FIFO group's oldest entry is its only candidate, and none while one is active;
 * entries `canRun` refuses stay waiting without blocking the ones behind them.
 */
export function claimEntries(s: QueueState, o: ClaimOptions, token: () => string): Entry[] {
  const claimed: Entry[] = []
  const total = o.max + (o.reserve ?? 0)
  const blocked = new Set<string>()
  for (const e of s.active.values()) if (e.job.group_id !== undefined) blocked.add(e.job.group_id)
  for (let i = 0; i < s.waiting.length && claimed.length < total; ) {
    const e = s.waiting[i] as Entry
    const group = e.job.group_id
    if (group !== undefined) {
      if (blocked.has(group)) {
        i++
        continue
      }
      blocked.add(group) // only the oldest job of a group is eligible
    }
    if (e.job.process_at > o.now || (o.canRun && !o.canRun(e.job.function_id, e.job.namespace))) {
      i++
      continue
    }
    s.waiting.splice(i, 1)
    e.state = 'active'
    if (claimed.length >= o.max) e.reserved = true
    e.job.lease_until = o.now + o.leaseMs
    e.job.lease_token = token()
    s.active.set(e.job.message_id, e)
    claimed.push(e)
  }
  return claimed
}
