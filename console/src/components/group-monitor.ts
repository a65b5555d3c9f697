import { useEffect, useRef, useState } from 'react'

/** One change seen in a group: items that appeared and items that went away. */
export interface GroupEvent {
  /** Order of arrival, for list keys. */
  seq: number
  /** Epoch ms when the console saw it. */
  at: number
  added: unknown[]
  removed: unknown[]
}

/** The items of `next` not in `prev`, compared by their JSON (a multiset). */
function minus(next: string[], prev: string[]): string[] {
  const left = new Map<string, number>()
  for (const t of prev) left.set(t, (left.get(t) ?? 0) + 1)
  const out: string[] = []
  for (const t of next) {
    const n = left.get(t) ?? 0
    if (n > 0) left.set(t, n - 1)
    else out.push(t)
  }
  return out
}

export interface GroupMonitor {
  /** What the page shows: the live items, or the items when it was paused. */
  items: unknown[] | undefined
  events: GroupEvent[]
  paused: boolean
  /** Updates that arrived while paused. */
  missed: number
  setPaused(paused: boolean): void
  clear(): void
}

/**
 * Follows a group's items as they change (newest event first, at most `max`). Paused, the view
 * and the event log stand still; resuming records everything that changed meanwhile as one event.
 */
export function useGroupMonitor(live: unknown[] | undefined, max = 500): GroupMonitor {
  const [paused, setPaused] = useState(false)
  const [events, setEvents] = useState<GroupEvent[]>([])
  const [shown, setShown] = useState<unknown[] | undefined>(live)
  const [missed, setMissed] = useState(0)
  const last = useRef<string[] | undefined>(undefined)
  const seq = useRef(0)
  useEffect(() => {
    if (live === undefined) return
    if (paused) {
      if (last.current !== undefined) setMissed((n) => n + 1)
      return
    }
    const texts = live.map((i) => JSON.stringify(i))
    const before = last.current
    last.current = texts
    setShown(live)
    setMissed(0)
    if (before === undefined) return
    const added = minus(texts, before)
    const removed = minus(before, texts)
    if (added.length === 0 && removed.length === 0) return
    const event = {
      seq: ++seq.current,
      at: Date.now(),
      added: added.map((t) => JSON.parse(t)),
      removed: removed.map((t) => JSON.parse(t)),
    }
    setEvents((old) => [event, ...old].slice(0, max))
  }, [live, paused, max])
  return { items: shown, events, paused, missed, setPaused, clear: () => setEvents([]) }
}

/** Saves `value` as a JSON file through the browser's download. */
export function downloadJson(value: unknown, fileName: string): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}
