import type { Logger } from '@iii/core'
import { streamDefaults } from '../config'
import { createMessage, type PushMessage, type StreamEvent } from '../message'
import type { StreamService } from '../service'
import type { JoinLeavePayload, StreamTriggers } from '../triggers'
import { errorFrame, parseClientFrame, type SubscriptionRequest } from './client-frames'
import type { Connection } from './connection'
import { type Subscription, SubscriptionIndex, tagWithSubscription } from './subscriptions'

export interface HubDeps {
  service: StreamService
  triggers: StreamTriggers
  logger: Logger
  /** Subscriptions one socket may hold (`max_subscriptions_per_connection`). @default 1000 */
  maxSubscriptionsPerConnection?: number
}

/** Join, leave and fan-out for every browser socket of this engine (BUILTINS.md §6.2). */
export class StreamHub {
  readonly index = new SubscriptionIndex()
  /** Set while the engine stops: sockets close, but no `stream:leave` runs. */
  stopping = false

  constructor(private readonly deps: HubDeps) {}

  /** One copy of a push per matching subscription, tagged with its subscription id. */
  dispatch(message: PushMessage): void {
    const json = JSON.stringify(message)
    for (const sub of this.index.matching(message))
      sub.connection.send(tagWithSubscription(json, sub.subscriptionId), sub)
  }

  /** A client text frame: answered with an error frame when unusable, else handled in order. */
  receive(conn: Connection, text: string): void {
    const parsed = parseClientFrame(text)
    if ('problem' in parsed) {
      // Queued like any frame, so replies keep the order of the frames they answer.
      conn.enqueueTask(async () => conn.send(errorFrame('JSON_ERROR', parsed.problem)))
      return
    }
    const { type, data } = parsed.frame
    conn.enqueueTask(async () => {
      try {
        if (type === 'join') await this.join(conn, data)
        else await this.leaveById(conn, data.subscriptionId)
      } catch (err) {
        this.deps.logger.warn('stream frame handling failed', { type, err })
        conn.send(errorFrame('INTERNAL_ERROR', `${type} failed`, data.subscriptionId))
      }
    })
  }

  /** The socket closed: a leave for each of its subscriptions. */
  closed(conn: Connection): void {
    conn.closed = true
    for (const sub of [...conn.subscriptions.values()]) void this.leave(conn, sub)
  }

  private async join(conn: Connection, request: SubscriptionRequest): Promise<void> {
    const previous = conn.subscriptions.get(request.subscriptionId)
    if (previous) await this.leave(conn, previous)
    const cap =
      this.deps.maxSubscriptionsPerConnection ?? streamDefaults.maxSubscriptionsPerConnection
    if (conn.subscriptions.size >= cap) {
      conn.send(
        errorFrame(
          'CONNECTION_LIMIT',
          `this socket holds its cap of ${cap} subscriptions (max_subscriptions_per_connection)`,
          request.subscriptionId,
        ),
      )
      return
    }
    const allowed = await this.deps.triggers.authorizeJoin(payloadOf(request, conn.context))
    if (conn.closed) return
    if (!allowed) {
      conn.send(this.reply(request, { type: 'unauthorized' }))
      return
    }
    const sub: Subscription = { ...request, id: request.id, connection: conn, held: [] }
    conn.subscriptions.set(sub.subscriptionId, sub)
    this.index.add(sub)
    try {
      conn.send(this.reply(request, { type: 'sync', data: await this.readSync(request) }))
    } catch (err) {
      conn.send(
        errorFrame(
          'STREAM_GET_ERROR',
          `sync failed: ${(err as Error).message}`,
          request.subscriptionId,
        ),
      )
    }
    conn.release(sub)
  }

  private async leaveById(conn: Connection, subscriptionId: string): Promise<void> {
    const sub = conn.subscriptions.get(subscriptionId)
    if (sub) await this.leave(conn, sub)
  }

  private async leave(conn: Connection, sub: Subscription): Promise<void> {
    if (conn.subscriptions.get(sub.subscriptionId) === sub)
      conn.subscriptions.delete(sub.subscriptionId)
    this.index.remove(sub)
    if (!this.stopping) await this.deps.triggers.notifyLeave(payloadOf(sub, conn.context))
  }

  /** A missing item syncs as `data: null`. */
  private async readSync(request: SubscriptionRequest): Promise<unknown> {
    const { streamName: stream_name, groupId: group_id, id } = request
    if (id === undefined) return this.deps.service.list({ stream_name, group_id })
    return (await this.deps.service.get({ stream_name, group_id, item_id: id })) ?? null
  }

  private reply(request: SubscriptionRequest, event: StreamEvent): string {
    return tagWithSubscription(
      JSON.stringify(createMessage(request, event)),
      request.subscriptionId,
    )
  }
}

function payloadOf(
  request: Omit<SubscriptionRequest, 'id'> & { id?: string | undefined },
  context: unknown,
): JoinLeavePayload {
  const payload: JoinLeavePayload = {
    subscription_id: request.subscriptionId,
    stream_name: request.streamName,
    group_id: request.groupId,
    context: context === undefined ? null : context,
  }
  if (request.id !== undefined) payload.id = request.id
  return payload
}
