import { hostname, platform, release } from 'node:os'
import type {
  EngineFunctionInput,
  InboundFrame as FrameToEngine,
  InvocationResultFrame,
  InvokeFunctionFrame,
  RegisterFunctionFrame,
  RegisterTriggerFrame,
  RegisterTriggerTypeFrame,
} from '@iii/protocol'
import { ChannelReader, ChannelWriter, type StreamChannelRef } from './channels'
import { Connection, type ConnectionState } from './connection'
import { reconnectionDefaults, sdkDefaults } from './constants'
import { InvocationError, toInvocationError } from './errors'
import { handleInbound } from './inbound'
import { defaultSdkLogger, type SdkLogger } from './logger'
import { currentTraceFields, WorkerTelemetry } from './telemetry'
import type {
  FunctionHandler,
  FunctionRef,
  HttpInvocationConfig,
  RegisterFunctionOptions,
  RegisterTriggerInput,
  RegisterTriggerTypeInput,
  TriggerHandler,
  TriggerRef,
  TriggerRequest,
  TriggerTypeRef,
  WorkerOptions,
} from './types'
import { version as sdkVersion } from './version'

interface PendingCall {
  functionId: string
  resolve(value: unknown): void
  reject(error: InvocationError): void
  timer: ReturnType<typeof setTimeout>
}

export interface RegisteredFunction {
  frame: RegisterFunctionFrame
  handler?: FunctionHandler
}

/**
 * A connection to the engine plus everything this worker registered. Registrations are
 * replayed on every reconnect; calls made while disconnected wait in an offline queue.
 */
export class IIIWorker {
  readonly url: string
  /** Functions registered here, replayed on every reconnect. @internal */
  readonly functions = new Map<string, RegisteredFunction>()
  /** Trigger types provided here, replayed on every reconnect. @internal */
  readonly triggerTypes = new Map<
    string,
    { frame: RegisterTriggerTypeFrame; handler: TriggerHandler }
  >()
  /** Bindings made here, replayed on every reconnect. @internal */
  readonly triggers = new Map<string, RegisterTriggerFrame>()
  readonly logger: SdkLogger
  private readonly pending = new Map<string, PendingCall>()
  private readonly offline: FrameToEngine[] = []
  private readonly stateListeners = new Set<(state: ConnectionState) => void>()
  private readonly connection: Connection
  private readonly options: WorkerOptions
  private workerId: string | undefined
  private everConnected = false
  private refusedWith: string | undefined
  private reattachToken: string | undefined
  private readonly workerName: string
  /** Tracing: `execute <function_id>` spans, context propagation, span export to the engine. */
  readonly telemetry: WorkerTelemetry

  constructor(url: string, options: WorkerOptions = {}) {
    this.url = url
    this.options = options
    this.logger = options.logger ?? defaultSdkLogger
    this.workerName =
      options.workerName ?? process.env.III_WORKER_NAME ?? `${hostname()}:${process.pid}`
    this.connection = new Connection(
      {
        url,
        headers: options.headers,
        reconnection: { ...reconnectionDefaults, ...options.reconnectionConfig },
        logger: this.logger,
      },
      {
        onOpen: () => this.onOpen(),
        onFrame: (text) => handleInbound(this, text),
        onStateChange: (state) => {
          for (const listener of this.stateListeners) listener(state)
        },
      },
    )
    this.telemetry = new WorkerTelemetry(options.otel ?? {}, this.workerName, (frame) =>
      this.connection.sendBinary(frame),
    )
    this.connection.start()
  }

  /** The id the engine gave this connection, once connected. */
  get id(): string | undefined {
    return this.workerId
  }

  getConnectionState(): ConnectionState {
    return this.connection.state
  }

  /** Calls `listener` on every connection state change; returns an unsubscribe function. */
  onConnectionStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Resolves once connected (or rejects after `timeoutMs`). */
  waitForConnection(timeoutMs = sdkDefaults.handshakeTimeoutMs): Promise<void> {
    if (this.connection.state === 'connected') return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off()
        reject(new Error(`not connected to ${this.url} within ${timeoutMs} ms`))
      }, timeoutMs)
      const off = this.onConnectionStateChange((state) => {
        if (state === 'connected' || state === 'failed') {
          clearTimeout(timer)
          off()
          state === 'connected' ? resolve() : reject(new Error('connection failed'))
        }
      })
    })
  }

  registerFunction(
    id: string,
    handler: FunctionHandler | HttpInvocationConfig,
    options: RegisterFunctionOptions = {},
  ): FunctionRef {
    if (typeof id !== 'string' || id.trim() === '') throw new Error('function id is required')
    if (this.functions.has(id)) throw new Error(`function id already registered: ${id}`)
    const frame: RegisterFunctionFrame = { type: 'registerfunction', id, ...options }
    if (typeof handler === 'function') {
      this.functions.set(id, { frame, handler })
    } else {
      frame.invocation = { ...handler, method: handler.method ?? 'POST' }
      this.functions.set(id, { frame })
    }
    this.sendNow(frame)
    return {
      id,
      unregister: () => {
        this.functions.delete(id)
        this.sendNow({ type: 'unregisterfunction', id })
      },
    }
  }

  registerTrigger(input: RegisterTriggerInput): TriggerRef {
    const id = crypto.randomUUID()
    const { type, ...rest } = input
    const frame: RegisterTriggerFrame = { type: 'registertrigger', id, trigger_type: type, ...rest }
    this.triggers.set(id, frame)
    this.sendNow(frame)
    return {
      id,
      unregister: () => {
        this.triggers.delete(id)
        this.send({ type: 'unregistertrigger', id, trigger_type: type })
      },
    }
  }

  registerTriggerType<TConfig = unknown>(
    input: RegisterTriggerTypeInput,
    handler: TriggerHandler<TConfig>,
  ): TriggerTypeRef<TConfig> {
    const frame: RegisterTriggerTypeFrame = { type: 'registertriggertype', ...input }
    this.triggerTypes.set(input.id, { frame, handler: handler as TriggerHandler })
    this.sendNow(frame)
    return {
      id: input.id,
      registerTrigger: (functionId, config, metadata) =>
        this.registerTrigger({ type: input.id, function_id: functionId, config, metadata }),
      // biome-ignore lint/complexity/useMaxParams: the published iii-sdk's TriggerTypeRef signature
      registerFunction: (functionId, fn, config, metadata) => {
        const ref = this.registerFunction(functionId, fn)
        this.registerTrigger({ type: input.id, function_id: functionId, config, metadata })
        return ref
      },
      unregister: () => this.unregisterTriggerType(input),
    }
  }

  unregisterTriggerType(input: { id: string; namespace?: string; description?: string }): void {
    this.triggerTypes.delete(input.id)
    this.sendNow({
      type: 'unregistertriggertype',
      id: input.id,
      namespace: input.namespace,
      description: input.description,
    })
  }

  /**
   * Calls a function. Without `action` it resolves with the result; `TriggerAction.Void()`
   * resolves once sent; `TriggerAction.Enqueue({queue})` resolves with `{ messageReceiptId }`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the published iii-sdk's default result type; pass TOutput for a typed result
  trigger<TInput = unknown, TOutput = any>(request: TriggerRequest<TInput>): Promise<TOutput> {
    const frame: InvokeFunctionFrame = {
      type: 'invokefunction',
      function_id: request.function_id,
      data: request.payload ?? null,
    }
    if (this.telemetry.enabled) Object.assign(frame, currentTraceFields())
    if (request.action) frame.action = request.action
    if (request.metadata !== undefined) frame.metadata = request.metadata
    if (request.namespace !== undefined) frame.namespace = request.namespace
    if (request.action?.type === 'void') {
      this.send(frame)
      return Promise.resolve(undefined as TOutput)
    }
    const invocationId = crypto.randomUUID()
    frame.invocation_id = invocationId
    const timeoutMs =
      request.timeoutMs ?? this.options.invocationTimeoutMs ?? sdkDefaults.invocationTimeoutMs
    return new Promise<TOutput>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(invocationId)) return
        reject(
          new InvocationError({
            code: 'TIMEOUT',
            message: `invocation timed out after ${timeoutMs}ms`,
            function_id: request.function_id,
          }),
        )
      }, timeoutMs)
      this.pending.set(invocationId, {
        functionId: request.function_id,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer,
      })
      if (!this.everConnected) this.failIfNeverConnected(invocationId, request.function_id)
      this.send(frame)
    })
  }

  /**
   * A call made before the first connection waits `connectWaitMs` for it, then fails with
   * `NOT_CONNECTED` and the reason, instead of waiting out its whole timeout.
   */
  private failIfNeverConnected(invocationId: string, functionId: string): void {
    const waitMs = this.options.connectWaitMs ?? sdkDefaults.connectWaitMs
    const timer = setTimeout(() => {
      const call = this.pending.get(invocationId)
      if (this.everConnected || !call) return
      this.pending.delete(invocationId)
      clearTimeout(call.timer)
      const reason = this.connection.lastFailure ? `: ${this.connection.lastFailure}` : ''
      const hint = this.refusedWith ?? ' — is the engine running?'
      call.reject(
        new InvocationError({
          code: 'NOT_CONNECTED',
          message: `not connected to ${this.url} after ${waitMs} ms${reason}${hint}`,
          function_id: functionId,
        }),
      )
    }, waitMs)
    timer.unref?.()
  }

  /** Creates a channel owned by this worker and returns live ends plus their refs. */
  async createChannel(bufferSize?: number): Promise<{
    writer: ChannelWriter
    reader: ChannelReader
    writerRef: StreamChannelRef
    readerRef: StreamChannelRef
  }> {
    const refs = await this.trigger<
      unknown,
      { writer: StreamChannelRef; reader: StreamChannelRef }
    >({
      function_id: 'engine::channels::create',
      payload: bufferSize === undefined ? {} : { buffer_size: bufferSize },
    })
    return {
      writer: new ChannelWriter(this.url, refs.writer),
      reader: new ChannelReader(this.url, refs.reader),
      writerRef: refs.writer,
      readerRef: refs.reader,
    }
  }

  /** Handlers running now; `shutdown()` lets them finish before it closes. @internal */
  handlersRunning = 0
  private readonly idleWaiters = new Set<() => void>()

  /** @internal */
  handlerDone(): void {
    this.handlersRunning--
    if (this.handlersRunning === 0) for (const wake of [...this.idleWaiters]) wake()
  }

  /**
   * Closes the connection for good and rejects calls still waiting. First it withdraws its
   * functions (a standby registration on another worker takes them over at once) and lets the
   * handlers already running answer, for up to `drainTimeoutMs` (default 2000): a rolling deploy
   * loses no call.
   */
  async shutdown(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.drainTimeoutMs ?? 2_000)
    if (this.connection.isOpen && this.functions.size > 0) {
      for (const id of this.functions.keys()) this.sendNow({ type: 'unregisterfunction', id })
      // The engine answers in order: after this pong no call for our functions is on the way.
      await this.roundTrip(deadline - Date.now())
      await this.drained(deadline - Date.now())
    }
    await this.telemetry.shutdown()
    this.connection.stop('disconnected')
    this.failPending('SHUTDOWN', 'the worker is shutting down')
  }

  private readonly pongWaiters = new Set<() => void>()

  /** @internal */
  ponged(): void {
    for (const wake of [...this.pongWaiters]) wake()
  }

  /** Sends a ping and resolves at the next pong, or after `timeoutMs`. */
  private roundTrip(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.pongWaiters.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, Math.max(0, timeoutMs))
      this.pongWaiters.add(wake)
      this.sendNow({ type: 'ping' })
    })
  }

  private drained(timeoutMs: number): Promise<void> {
    if (this.handlersRunning === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.idleWaiters.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, Math.max(0, timeoutMs))
      this.idleWaiters.add(wake)
    })
  }

  // ---- used by the inbound handler ----

  /** @internal */
  settle(frame: InvocationResultFrame): void {
    const call = this.pending.get(frame.invocation_id)
    if (!call) return
    this.pending.delete(frame.invocation_id)
    clearTimeout(call.timer)
    if (frame.error) call.reject(toInvocationError(frame.error, call.functionId))
    else call.resolve(frame.result)
  }

  /** @internal */
  accepted(workerId: string, token: string | undefined): void {
    this.workerId = workerId
    this.reattachToken = token
  }

  /** @internal The engine refused the connection (auth): said once per distinct message. */
  refused(code: string, message: string): void {
    const text = `; the engine refused the connection (${code}): ${message}`
    if (this.refusedWith !== text)
      this.logger.error(
        `the engine at ${this.url} refused this worker (${code}): ${message}; check the credentials in the headers option`,
      )
    this.refusedWith = text
    this.failPending(code, `the engine refused the connection: ${message}`)
  }

  /** @internal A fatal rejection: stop reconnecting and fail everything. */
  fail(reason: string): void {
    this.logger.error(reason)
    this.connection.stop('failed')
    this.failPending('WORKER_NAMESPACE_CONFLICT', reason)
  }

  /** Queues a frame while disconnected (calls, results, unregistertrigger). @internal */
  send(frame: FrameToEngine): void {
    if (!this.connection.send(JSON.stringify(frame))) this.offline.push(frame)
  }

  /** Sends only when connected; registrations are replayed on reconnect instead. @internal */
  sendNow(frame: FrameToEngine): void {
    this.connection.send(JSON.stringify(frame))
  }

  private onOpen(): void {
    this.everConnected = true
    if (this.workerId)
      this.sendNow({
        type: 'reattach',
        previous_worker_id: this.workerId,
        reattach_token: this.reattachToken,
      })
    this.announce()
    for (const { frame } of this.triggerTypes.values()) this.sendNow(frame)
    for (const { frame } of this.functions.values()) this.sendNow(frame)
    for (const frame of this.triggers.values()) this.sendNow(frame)
    const queued = this.offline.splice(0)
    for (const frame of queued) {
      const id = frame.type === 'invokefunction' ? frame.invocation_id : undefined
      if (typeof id === 'string' && !this.pending.has(id)) continue
      this.send(frame)
    }
  }

  private announce(): void {
    const payload: EngineFunctionInput<'engine::workers::register'> = {
      runtime: 'node',
      version: sdkVersion,
      name: this.workerName,
      os: `${platform()} ${release()}`,
      pid: process.pid,
      telemetry: { language: 'typescript', framework: 'iii-sdk', ...this.options.telemetry },
      notify_standby: true,
    }
    if (this.options.workerDescription) payload.description = this.options.workerDescription
    if (this.options.namespace) payload.namespace = this.options.namespace
    this.sendNow({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: payload,
      action: { type: 'void' },
    })
  }

  private failPending(code: string, message: string): void {
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer)
      call.reject(new InvocationError({ code, message, function_id: call.functionId }))
      this.pending.delete(id)
    }
  }
}

/**
 * Connects a worker to the engine; the connection opens in the background.
 *
 * @example
 * const worker = registerWorker(process.env.III_URL ?? 'ws://127.0.0.1:49134', { workerName: 'orders' })
 * worker.registerFunction('orders::validate', async (order) => ({ ok: order.total > 0 }))
 */
export function registerWorker(
  url: string = process.env.III_URL ?? sdkDefaults.url,
  options?: WorkerOptions,
): IIIWorker {
  return new IIIWorker(url, options)
}
