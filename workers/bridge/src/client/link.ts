import { type Logger, newId } from '@iii/core'
import { type ErrorBody, IIIError } from '@iii/protocol'
import { hopsOf, withHops } from '../hops'
import { PendingCalls } from './pending'
import { ReconnectingSocket, type SocketEnd } from './socket'

export type LinkState = 'connecting' | 'connected' | 'disconnected' | 'refused' | 'stopped'

export interface LinkOptions {
  /** The bridge's name, in errors. */
  name: string
  url: string
  headers?: Record<string, string>
  workerName: string
  version: string
  /** This engine's id: a remote with the same id is this engine (refused). */
  engineId: string
  timeoutMs: number
  maxFrameBytes: number
  maxHops: number
  initialDelayMs: number
  maxDelayMs: number
  handshakeTimeoutMs: number
  pingIntervalMs: number
  logger: Logger
}

/** An `invokefunction` the remote engine sent: a call to a function this bridge exposes. */
export interface InboundCall {
  invocation_id?: string
  function_id: string
  data?: unknown
  metadata?: unknown
  traceparent?: string
  baggage?: string
}

export interface LinkHandlers {
  /** The handshake finished: registrations may be sent. */
  onConnected(remoteEngineId: string | undefined): void
  onDisconnected(): void
  onInvoke(call: InboundCall): void
  /** The remote refused one registration (`registrationrejected`). */
  onRejected(functionId: string, code: string, owner: string): void
}

/** One outgoing call. */
export interface OutgoingCall {
  functionId: string
  data: unknown
  metadata?: unknown
  timeoutMs?: number
  traceparent?: string
  baggage?: string
}

type Frame = Record<string, unknown>

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/**
 * The bridge's connection to the remote engine, spoken as an ordinary worker (PROTOCOL.md §4–6):
 * handshake (`workerregistered`, `reattach`, announcement), calls out with their own pending table,
 * calls in handed to the exposer, and reconnect with backoff. Calls made while not connected fail
 * at once with `BRIDGE_UNAVAILABLE`; calls in flight when the socket drops fail with
 * `invocation_stopped` (the remote may or may not have run them).
 */
export class RemoteLink {
  state: LinkState = 'stopped'
  remoteEngineId: string | undefined
  /** The last reason the link was down, for errors and `bridge::status`. */
  lastError: string | undefined
  connectedAtMs: number | undefined
  private readonly pending = new PendingCalls()
  private readonly socket: ReconnectingSocket
  private workerId: string | undefined
  private reattachToken: string | undefined
  private failures = 0
  /** The remote's `error` frame on the current socket (auth refusal), kept past its close. */
  private refusal: string | undefined
  private lastLogged: string | undefined

  constructor(
    private readonly options: LinkOptions,
    private readonly handlers: LinkHandlers,
  ) {
    this.socket = new ReconnectingSocket(
      {
        url: options.url,
        headers: options.headers,
        initialDelayMs: options.initialDelayMs,
        maxDelayMs: options.maxDelayMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        pingIntervalMs: options.pingIntervalMs,
        logger: options.logger,
      },
      { onOpen: () => {}, onText: (text) => this.receive(text), onEnd: (end) => this.ended(end) },
    )
  }

  start(): void {
    this.state = 'connecting'
    this.socket.start()
  }

  stop(): void {
    this.state = 'stopped'
    this.socket.stop()
    this.pending.failAll(
      'BRIDGE_UNAVAILABLE',
      `bridge ${this.options.name} stopped before the remote engine answered`,
    )
  }

  get inFlight(): number {
    return this.pending.size
  }

  /** Calls a remote function and resolves with its result (rejects with an `IIIError`). */
  call(request: OutgoingCall): Promise<unknown> {
    const id = newId()
    const frame = this.invokeFrame(request, id)
    if (frame instanceof IIIError) return Promise.reject(frame)
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs
    const answer = this.pending.wait(id, request.functionId, timeoutMs)
    if (!this.socket.send(frame)) this.pending.fail(id, this.unavailable())
    return answer
  }

  /** Sends a fire-and-forget call; resolves once written. Rejects when it could not be sent. */
  callVoid(request: OutgoingCall): Promise<void> {
    const frame = this.invokeFrame(request, undefined)
    if (frame instanceof IIIError) return Promise.reject(frame)
    return this.socket.send(frame) ? Promise.resolve() : Promise.reject(this.unavailable())
  }

  /** Sends a registration or result frame; false when not connected (it is replayed on connect). */
  send(frame: Frame): boolean {
    if (this.state !== 'connected') return false
    return this.socket.send(JSON.stringify(frame))
  }

  /** Answers an inbound call; a result above the remote's frame limit becomes an error. */
  reply(call: InboundCall, body: { result?: unknown; error?: ErrorBody }): void {
    if (!call.invocation_id) return
    const frame = {
      type: 'invocationresult',
      invocation_id: call.invocation_id,
      function_id: call.function_id,
      ...body,
    }
    let text: string
    try {
      text = JSON.stringify(frame)
    } catch (err) {
      this.reply(call, {
        error: {
          code: 'serialization_error',
          message: `result not encodable: ${(err as Error).message}`,
        },
      })
      return
    }
    if (this.tooLarge(text)) {
      this.options.logger.error('result above the remote max_frame_bytes; answered with an error', {
        function_id: call.function_id,
        limit: this.options.maxFrameBytes,
      })
      this.reply(call, { error: this.frameTooLarge('the result', text).toBody() })
      return
    }
    this.socket.send(text)
  }

  /** The frame text, or the error that stops it being sent. */
  private invokeFrame(request: OutgoingCall, id: string | undefined): string | IIIError {
    if (this.state === 'refused' && this.remoteEngineId === this.options.engineId) {
      return new IIIError(
        'BRIDGE_LOOP',
        `bridge ${this.options.name}: ${this.options.url} is this engine; nothing is sent`,
      )
    }
    if (this.state !== 'connected') return this.unavailable()
    const hops = hopsOf(request.baggage) + 1
    if (hops > this.options.maxHops) {
      return new IIIError(
        'BRIDGE_LOOP',
        `call to ${request.functionId} would cross its ${hops}th bridge (max_hops ${this.options.maxHops}); the bridges form a loop`,
      )
    }
    const frame: Frame = {
      type: 'invokefunction',
      function_id: request.functionId,
      data: request.data ?? null,
    }
    if (id) frame.invocation_id = id
    else frame.action = { type: 'void' }
    if (request.metadata !== undefined) frame.metadata = request.metadata
    if (request.traceparent) frame.traceparent = request.traceparent
    frame.baggage = withHops(request.baggage, hops)
    let text: string
    try {
      text = JSON.stringify(frame)
    } catch (err) {
      return new IIIError('serialization_error', `payload not encodable: ${(err as Error).message}`)
    }
    return this.tooLarge(text)
      ? this.frameTooLarge(`the call to ${request.functionId}`, text)
      : text
  }

  private tooLarge(text: string): boolean {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: short frames skip the byte count.
    return (
      text.length * 3 > this.options.maxFrameBytes &&
      Buffer.byteLength(text) > this.options.maxFrameBytes
    )
  }

  private frameTooLarge(what: string, text: string): IIIError {
    return new IIIError(
      'BRIDGE_FRAME_TOO_LARGE',
      `${what} is ${Buffer.byteLength(text)} bytes, above the remote engine's frame limit (max_frame_bytes ${this.options.maxFrameBytes}); nothing was sent`,
    )
  }

  private unavailable(): IIIError {
    const why = this.lastError ? ` (${this.lastError})` : ''
    return new IIIError(
      'BRIDGE_UNAVAILABLE',
      `bridge ${this.options.name} is not connected to ${this.options.url}${why}; the call was not sent`,
    )
  }

  private receive(text: string): void {
    let frame: Frame
    try {
      frame = JSON.parse(text)
    } catch {
      this.options.logger.warn('the remote engine sent a frame that is not JSON; dropped')
      return
    }
    switch (frame.type) {
      case 'invocationresult':
        if (typeof frame.invocation_id === 'string')
          this.pending.settle(frame.invocation_id, frame as { error?: ErrorBody })
        return
      case 'invokefunction':
        if (typeof frame.function_id === 'string')
          this.handlers.onInvoke(frame as unknown as InboundCall)
        return
      case 'workerregistered':
        this.registered(frame)
        return
      case 'registrationrejected':
        this.rejected(frame)
        return
      case 'error':
        this.refusedByRemote(frame.error as ErrorBody | undefined)
        return
      case 'ping':
        this.socket.send('{"type":"pong"}')
        return
      case 'registertrigger':
        // This bridge provides no trigger types.
        this.socket.send(
          JSON.stringify({
            type: 'triggerregistrationresult',
            id: frame.id,
            trigger_type: frame.trigger_type,
            function_id: frame.function_id,
            error: {
              code: 'trigger_type_not_found',
              message: 'the bridge provides no trigger types',
            },
          }),
        )
        return
    }
  }

  private registered(frame: Frame): void {
    const previous = this.workerId
    const token = this.reattachToken
    this.workerId = str(frame.worker_id)
    this.reattachToken = str(frame.reattach_token)
    this.remoteEngineId = str(frame.engine_id)
    if (this.remoteEngineId && this.remoteEngineId === this.options.engineId) {
      this.lastError = 'the url points at this engine'
      this.options.logger.error('bridge url points at this engine; not bridging', {
        url: this.options.url,
      })
      this.state = 'refused'
      this.socket.stop()
      return
    }
    if (previous && token)
      this.socket.send(
        JSON.stringify({ type: 'reattach', previous_worker_id: previous, reattach_token: token }),
      )
    this.socket.send(
      JSON.stringify({
        type: 'invokefunction',
        function_id: 'engine::workers::register',
        action: { type: 'void' },
        data: {
          runtime: 'iii-bridge',
          version: this.options.version,
          name: this.options.workerName,
          description: `iii-bridge ${this.options.name} from engine ${this.options.engineId}`,
          pid: process.pid,
          notify_standby: true,
        },
      }),
    )
    this.state = 'connected'
    this.connectedAtMs = Date.now()
    if (this.failures > 0 || this.lastError)
      this.options.logger.info('bridge connected again', { url: this.options.url })
    else
      this.options.logger.info('bridge connected', {
        url: this.options.url,
        remote_engine_id: this.remoteEngineId,
      })
    this.failures = 0
    this.lastError = undefined
    this.lastLogged = undefined
    this.handlers.onConnected(this.remoteEngineId)
  }

  private rejected(frame: Frame): void {
    const code = String(frame.code ?? 'registrationrejected')
    if (code === 'WORKER_NAMESPACE_CONFLICT') {
      this.lastError = `the remote engine already has a worker named ${String(frame.worker_name)} (WORKER_NAMESPACE_CONFLICT); set worker_name`
      this.options.logger.error('the remote engine refused the bridge worker name', {
        url: this.options.url,
        reason: this.lastError,
      })
      return
    }
    this.handlers.onRejected(
      String(frame.function_id ?? ''),
      code,
      String(frame.owner_worker_id ?? ''),
    )
  }

  private refusedByRemote(error: ErrorBody | undefined): void {
    this.refusal = `the remote engine refused the connection: ${error?.code ?? 'error'}: ${error?.message ?? 'no reason given'}`
    if (this.lastLogged !== this.refusal)
      this.options.logger.error('the remote engine refused the bridge', {
        url: this.options.url,
        reason: this.refusal,
      })
    this.lastLogged = this.refusal
  }

  private ended(end: SocketEnd): void {
    const wasConnected = this.state === 'connected'
    if (this.state !== 'refused' && this.state !== 'stopped') this.state = 'disconnected'
    this.pending.failAll(
      'invocation_stopped',
      `the connection to ${this.options.url} closed before the remote engine answered; the outcome is unknown`,
    )
    if (wasConnected) this.handlers.onDisconnected()
    const tooLarge =
      'the remote engine closed the connection: a frame exceeded its max_frame_bytes (1009); set max_frame_bytes to the remote limit'
    this.lastError = this.refusal ?? (end.code === 1009 ? tooLarge : end.reason)
    this.refusal = undefined
    this.failures++
    const fields = { url: this.options.url, reason: this.lastError, code: end.code }
    if (wasConnected)
      this.options.logger.warn(
        'bridge lost its connection to the remote engine; reconnecting',
        fields,
      )
    else if (this.lastLogged !== this.lastError)
      this.options.logger.warn(
        'bridge cannot reach the remote engine; retrying with backoff',
        fields,
      )
    else
      this.options.logger.debug('bridge still cannot reach the remote engine', {
        ...fields,
        attempts: this.failures,
      })
    this.lastLogged = this.lastError
  }
}
