import type { WebSocket } from 'ws'
import type { EngineLink } from './engine-link'
import { type LiveTopic, pollTopic, tailTopic } from './live-topic'

/** Read-only functions a page may follow live; anything else is refused. */
export const liveFunctions = new Set([
  'engine::workers::list',
  'engine::workers::info',
  'engine::functions::list',
  'engine::functions::info',
  'engine::triggers::list',
  'engine::registered-triggers::list',
  'engine::registered-triggers::info',
  'iii::cron::next_runs',
  'engine::metrics::list',
  'engine::rollups::list',
  'engine::health::check',
  'engine::traces::list',
  'engine::traces::tree',
  'engine::logs::list',
  'engine::queue::list_topics',
  'engine::queue::topic_stats',
  'engine::queue::dlq_topics',
  'engine::queue::dlq_messages',
  'state::list_groups',
  'state::list',
  'state::list_keys',
  'state::get',
  'stream::list_all',
  'stream::list_groups',
  'stream::list',
  'configuration::list',
  'configuration::get',
])

export interface LiveHubOptions {
  link: EngineLink
  pollIntervalMs: number
  tailIntervalMs: number
}

interface Subscribe {
  type: 'sub'
  id: string
  function_id: string
  payload?: Record<string, unknown>
  mode?: 'poll' | 'tail'
}

/**
 * The one WebSocket of the console: each socket subscribes to function calls by id; identical
 * subscriptions from many tabs share one poll.
 */
export class LiveHub {
  private readonly topics = new Map<string, LiveTopic>()

  constructor(private readonly options: LiveHubOptions) {}

  /** Serves one browser socket until it closes. */
  attach(socket: WebSocket): void {
    const subs = new Map<string, { topic: LiveTopic; listener: (m: object) => void }>()
    const send = (message: object) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
    }
    socket.on('message', (raw) => {
      const error = this.handle(String(raw), subs, send)
      if (error) send({ type: 'error', code: 'INVALID_ARGUMENTS', message: error })
    })
    socket.on('close', () => {
      for (const { topic, listener } of subs.values()) this.release(topic, listener)
      subs.clear()
    })
  }

  /** Number of shared polls running now. */
  get topicCount(): number {
    return this.topics.size
  }

  close(): void {
    for (const topic of this.topics.values()) topic.stop()
    this.topics.clear()
  }

  private handle(
    raw: string,
    subs: Map<string, { topic: LiveTopic; listener: (m: object) => void }>,
    send: (m: object) => void,
  ): string | undefined {
    let message: unknown
    try {
      message = JSON.parse(raw)
    } catch {
      return 'a live message must be JSON'
    }
    const m = message as Omit<Partial<Subscribe>, 'type' | 'id'> & { type?: unknown; id?: unknown }
    if (typeof m?.id !== 'string' || m.id === '') return 'a live message needs a string id'
    if (m.type === 'unsub') {
      const sub = subs.get(m.id)
      if (sub) this.release(sub.topic, sub.listener)
      subs.delete(m.id)
      return undefined
    }
    if (m.type !== 'sub') return `unknown live message type ${JSON.stringify(m.type)}`
    const problem = checkSubscribe(m as Omit<Partial<Subscribe>, 'type'>)
    if (problem) return problem
    const old = subs.get(m.id)
    if (old) this.release(old.topic, old.listener)
    const topic = this.topicFor(m as Subscribe)
    const id = m.id
    const listener = (payload: object) => send({ ...payload, id })
    subs.set(id, { topic, listener })
    topic.listeners.add(listener)
    return undefined
  }

  private topicFor(sub: Subscribe): LiveTopic {
    const mode = sub.mode ?? 'poll'
    const key = JSON.stringify([mode, sub.function_id, sub.payload ?? {}])
    const existing = this.topics.get(key)
    if (existing) return existing
    const create = mode === 'tail' ? tailTopic : pollTopic
    const topic = create(key, {
      link: this.options.link,
      functionId: sub.function_id,
      payload: sub.payload ?? {},
      intervalMs: mode === 'tail' ? this.options.tailIntervalMs : this.options.pollIntervalMs,
    })
    this.topics.set(key, topic)
    return topic
  }

  private release(topic: LiveTopic, listener: (m: object) => void): void {
    topic.listeners.delete(listener)
    if (topic.listeners.size > 0) return
    topic.stop()
    this.topics.delete(topic.key)
  }
}

function checkSubscribe(m: Omit<Partial<Subscribe>, 'type'>): string | undefined {
  if (typeof m.function_id !== 'string' || !liveFunctions.has(m.function_id))
    return `function ${JSON.stringify(m.function_id)} cannot be followed live`
  if (m.payload !== undefined && (m.payload === null || typeof m.payload !== 'object'))
    return 'payload must be an object'
  if (m.mode !== undefined && m.mode !== 'poll' && m.mode !== 'tail')
    return 'mode must be poll or tail'
  if (m.mode === 'tail' && m.function_id !== 'engine::logs::list')
    return 'only engine::logs::list can be tailed'
  return undefined
}
