import type { CallOutcome, EngineLink } from './engine-link'

/** One polled function call shared by every socket subscribed to the same call. */
export interface LiveTopic {
  readonly key: string
  readonly listeners: Set<(message: Record<string, unknown>) => void>
  stop(): void
}

export interface TopicOptions {
  link: EngineLink
  functionId: string
  payload: Record<string, unknown>
  intervalMs: number
}

/**
 * Polls `functionId` every `intervalMs` while anyone listens and pushes the outcome only when it
 * changed, so an idle page costs one call per interval and no traffic to the browser.
 */
export function pollTopic(key: string, options: TopicOptions): LiveTopic {
  const listeners = new Set<(message: Record<string, unknown>) => void>()
  let last = ''
  let latest: Record<string, unknown> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const tick = async () => {
    const outcome = await options.link.call(options.functionId, options.payload)
    if (stopped) return
    const text = JSON.stringify(outcome.ok ? outcome.result : outcome.error)
    if (text !== last) {
      last = text
      latest = { type: 'data', ok: outcome.ok, ...bodyOf(outcome) }
      for (const listener of listeners) listener(latest)
    }
    timer = setTimeout(tick, options.intervalMs)
  }
  void tick()
  const topic: LiveTopic = {
    key,
    listeners,
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
  // A late subscriber gets the current value at once.
  const add = listeners.add.bind(listeners)
  listeners.add = (listener) => {
    if (latest) listener(latest)
    return add(listener)
  }
  return topic
}

/**
 * Follows `engine::logs::list` from now on and pushes only the records not sent before, in
 * order: a live tail at the cost of one call per interval.
 */
export function tailTopic(key: string, options: TopicOptions): LiveTopic {
  const listeners = new Set<(message: Record<string, unknown>) => void>()
  let sinceNs = Date.now() * 1e6
  let seenAtSince = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const tick = async () => {
    const payload = { ...options.payload, start_time: Math.floor(sinceNs / 1e6), limit: 10_000 }
    const outcome = await options.link.call(options.functionId, payload)
    if (stopped) return
    if (outcome.ok) {
      const fresh = freshRecords(outcome.result, sinceNs, seenAtSince)
      if (fresh.records.length > 0) {
        sinceNs = fresh.sinceNs
        seenAtSince = fresh.seen
        const message = { type: 'append', records: fresh.records }
        for (const listener of listeners) listener(message)
      }
    }
    timer = setTimeout(tick, options.intervalMs)
  }
  void tick()
  return {
    key,
    listeners,
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}

interface LogRow {
  timestamp_unix_nano: number
  [k: string]: unknown
}

function freshRecords(result: unknown, sinceNs: number, seen: Set<string>) {
  const rows = ((result as { logs?: LogRow[] })?.logs ?? []).filter(
    (r) => typeof r?.timestamp_unix_nano === 'number',
  )
  const records: LogRow[] = []
  let next = sinceNs
  let nextSeen = seen
  for (const row of rows) {
    const id = JSON.stringify(row)
    if (row.timestamp_unix_nano < sinceNs) continue
    if (row.timestamp_unix_nano === sinceNs && seen.has(id)) continue
    if (row.timestamp_unix_nano > next) {
      next = row.timestamp_unix_nano
      nextSeen = new Set()
    }
    if (row.timestamp_unix_nano === next) nextSeen.add(id)
    records.push(row)
  }
  return { records, sinceNs: next, seen: nextSeen === seen ? new Set(seen) : nextSeen }
}

function bodyOf(outcome: CallOutcome) {
  return outcome.ok ? { result: outcome.result } : { error: outcome.error }
}
