import { decodeFrame, type InboundFrame } from '@iii/protocol'
import { DEFAULT_NAMESPACE, newId } from './ids'
import type { Pending } from './invocation/invocation-table'
import type { Logger } from './logger'
import type { WorkerMeta, WorkerRecord } from './model'
import type { Grant, ListenerPolicy } from './security/policy'
import { SerialQueue } from './serial-queue'

/** The socket side of a session, implemented by the server. */
export interface Transport {
  /** Sends one text frame; false when the socket is gone or the frame was refused. */
  send(text: string): boolean
  /** Closes the socket; the server then calls `engine.disconnect(session)`. */
  close(code: number, reason: string): void
}

export interface SessionInit {
  transport: Transport
  ip: string
  policy: ListenerPolicy
  grant: Grant
  headers?: Record<string, string>
}

/** Frames that change registries; processed one at a time, buffered until the namespace is known. */
export const registrationFrameTypes = new Set([
  'registerfunction',
  'unregisterfunction',
  'registerservice',
  'registertriggertype',
  'unregistertriggertype',
  'registertrigger',
  'unregistertrigger',
])

/** The id a `registerfunction` frame of `session` will register (its grant's prefix applied). */
export function heldFunctionId(session: Session, id: string): string {
  const prefix = session.grant.function_registration_prefix
  return prefix ? `${prefix}::${id}` : id
}

/** Malformed frames of one connection logged one by one before the log is throttled. */
export const malformedLogLimit = 100

/** One worker connection. Created by `engine.connect()`; frames enter through `receive()`. */
export class Session implements WorkerRecord {
  readonly kind = 'session' as const
  readonly id = newId()
  readonly reattachToken = newId()
  readonly connectedAtMs = Date.now()
  readonly ip: string
  readonly policy: ListenerPolicy
  readonly grant: Grant
  readonly logger: Logger
  readonly inbound = new Map<string, Pending>()
  readonly outbound = new Set<Pending>()
  readonly regQueue: SerialQueue
  name: string
  namespace = DEFAULT_NAMESPACE
  namespaceResolved = false
  /** Registration frames held until the namespace is known (PROTOCOL.md §5.4). */
  buffered: InboundFrame[] = []
  graceTimer: ReturnType<typeof setTimeout> | undefined
  meta: WorkerMeta = {}
  /** Announced `notify_standby: true`: told about standby registrations (PROTOCOL.md §4.14). */
  notifyStandby = false
  closed = false
  private droppedFrames = 0
  private droppedLoggedAtMs = 0

  constructor(
    init: SessionInit,
    logger: Logger,
    private readonly onFrame: (session: Session, frame: InboundFrame, text: string) => void,
  ) {
    this.transport = init.transport
    this.ip = init.ip
    this.policy = init.policy
    this.grant = init.grant
    this.name = `worker-${this.id.slice(0, 8)}`
    this.logger = logger.child({ worker_id: this.id })
    this.regQueue = new SerialQueue((err) =>
      this.logger.error('registration failed', { err, unhandled: true }),
    )
  }

  private readonly transport: Transport

  /** Decodes one text frame (one JSON parse) and handles it; bad frames are logged and dropped. */
  receive(text: string): void {
    if (this.closed) return
    const decoded = decodeFrame(text)
    if (decoded.ok === 'empty') return
    if (decoded.ok === false) {
      this.dropped(decoded.reason, text.length)
      return
    }
    this.onFrame(this, decoded.frame, text)
  }

  /**
   * Logs a dropped frame: the first {@link malformedLogLimit} one by one, then one line per second
   * with the count, so a connection flooding bad frames cannot flood the log (issue 12).
   */
  private dropped(reason: string, bytes: number): void {
    this.droppedFrames++
    if (this.droppedFrames <= malformedLogLimit) {
      this.logger.warn('malformed frame dropped', { reason, bytes })
      return
    }
    const now = Date.now()
    if (now - this.droppedLoggedAtMs < 1000) return
    this.droppedLoggedAtMs = now
    this.logger.warn('malformed frames dropped; logging one line per second', {
      dropped_total: this.droppedFrames,
      reason,
    })
  }

  /** One stringify per outbound frame. */
  sendFrame(frame: object): boolean {
    if (this.closed) return false
    return this.transport.send(JSON.stringify(frame))
  }

  /** Sends a frame that is already JSON text (a callee's result passed through unchanged). */
  sendText(text: string): boolean {
    if (this.closed) return false
    return this.transport.send(text)
  }

  close(code: number, reason: string): void {
    this.transport.close(code, reason)
  }
}
