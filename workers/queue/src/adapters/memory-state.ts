import type { Job } from '../job'

/** One stored job and where it is. */
export interface Entry {
  job: Job
  /** Enqueue order; a retried or released job keeps it, a redriven one gets a new one. */
  seq: number
  state: 'waiting' | 'active' | 'dead'
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

export const emptyQueueState = (): QueueState => ({ waiting: [], active: new Map(), dead: [], ids: new Map() })

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
}
