import type { PushMessage } from '../message'
import type { Connection } from './connection'

/** One joined subscription of one socket. */
export interface Subscription {
  readonly subscriptionId: string
  readonly streamName: string
  readonly groupId: string
  /** Set for an item subscription: only pushes for this item match. */
  readonly id: string | undefined
  readonly connection: Connection
  /** Pushes that arrived before the sync reply went out; sent right after it. */
  held: string[] | undefined
}

const groupKey = (streamName: string, groupId: string) => JSON.stringify([streamName, groupId])

/** Every live subscription, indexed by `stream › group` for fan-out. */
export class SubscriptionIndex {
  private readonly byGroup = new Map<string, Set<Subscription>>()
  private count = 0

  get size(): number {
    return this.count
  }

  add(sub: Subscription): void {
    const key = groupKey(sub.streamName, sub.groupId)
    const set = this.byGroup.get(key) ?? new Set()
    this.byGroup.set(key, set)
    if (!set.has(sub)) this.count++
    set.add(sub)
  }

  remove(sub: Subscription): void {
    const key = groupKey(sub.streamName, sub.groupId)
    const set = this.byGroup.get(key)
    if (!set?.delete(sub)) return
    this.count--
    if (set.size === 0) this.byGroup.delete(key)
  }

  /** Subscriptions a push reaches: the whole group, or the one item it names. */
  *matching(message: PushMessage): Generator<Subscription> {
    const set = this.byGroup.get(groupKey(message.streamName, message.groupId))
    if (!set) return
    for (const sub of set) if (sub.id === undefined || sub.id === message.id) yield sub
  }
}

/**
 * Adds `subscriptionId` to a serialized message, so one serialization serves every
 * subscriber. The field is additive: clients that route by address ignore it.
 */
export function tagWithSubscription(messageJson: string, subscriptionId: string): string {
  return `${messageJson.slice(0, -1)},"subscriptionId":${JSON.stringify(subscriptionId)}}`
}
