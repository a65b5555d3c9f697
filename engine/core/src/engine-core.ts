import type { InboundFrame } from '@iii/protocol'
import { CapabilityRegistry } from './capabilities'
import { ChannelRegistry } from './channels'
import { type EngineEvents, EventBus } from './events'
import { closeSession, reattach, startNamespaceGrace } from './handlers/lifecycle'
import { queueRegistration } from './handlers/registration'
import { newId } from './ids'
import { InvocationTable } from './invocation/invocation-table'
import { handleInvoke, handleResult } from './invocation/invoke-handlers'
import { Router } from './invocation/router'
import { createLogger, type Logger, teeLogger } from './logger'
import type { FunctionEntry, WorkerRecord } from './model'
import {
  OutboundBudget,
  type OutboundBudgetLimits,
  outboundBudgetDefaults,
} from './outbound-budget'
import { BindingRegistry } from './registry/bindings'
import { FunctionRegistry } from './registry/functions'
import { PendingFunctions } from './registry/pending-functions'
import { ReservedFunctions } from './registry/reserved-functions'
import { StandbyFunctions } from './registry/standby-functions'
import { TriggerTypeRegistry } from './registry/trigger-types'
import { WorkerRegistry } from './registry/workers'
import { createSecurityHooks } from './security/hooks'
import type { SecurityHooks } from './security/security-hooks'
import { heldFunctionId, registrationFrameTypes, Session, type SessionInit } from './session'
import { SlotRegistry } from './slots'
import { Triggers } from './triggers'

export interface EngineCoreOptions {
  logger?: Logger
  /** Engine-side deadline of every routed invocation. @default 300000 */
  invocationTimeoutMs?: number
  /** How long registrations wait for the worker's namespace announcement. @default 5000 */
  registrationNamespaceGraceMs?: number
  /** Engine version reported by health and introspection. */
  version?: string
  /** Outbound byte budgets across all sockets and per socket. @default outboundBudgetDefaults */
  outboundBudget?: Partial<OutboundBudgetLimits>
}

export const engineCoreDefaults = {
  invocationTimeoutMs: 300_000,
  registrationNamespaceGraceMs: 5_000,
} as const

/** A standby's owner can take over while its connection is open. */
const isLive = (owner: WorkerRecord): boolean =>
  owner.kind !== 'session' || !(owner as Session).closed

/**
 * The engine's state and routing: registries, sessions, invocations and triggers. Socket-free:
 * the server feeds it frames through `connect()` / `Session.receive()` / `disconnect()`.
 */
export class EngineCore {
  readonly logger: Logger
  readonly version: string
  /** This engine process's id (UUID v4, new at every start); sent in `workerregistered`. */
  readonly id = newId()
  /** When this engine process started (epoch ms): uptime is measured from it. */
  readonly startedAtMs = Date.now()
  invocationTimeoutMs: number
  registrationNamespaceGraceMs: number

  readonly functions = new FunctionRegistry()
  /** `registerfunction` frames held but not applied yet (calls to them wait). */
  readonly pendingFunctions = new PendingFunctions()
  /** Ids only trusted connections may register (auth, middleware, hooks). */
  readonly reservedFunctions = new ReservedFunctions()
  /** Registrations of ids another live connection owns; they take over when it leaves. */
  readonly standbyFunctions = new StandbyFunctions()
  readonly triggerTypes = new TriggerTypeRegistry()
  readonly bindings = new BindingRegistry()
  readonly workers = new WorkerRegistry()
  readonly table = new InvocationTable()
  readonly sessions = new Map<string, Session>()
  readonly events: EventBus<EngineEvents>
  readonly channels: ChannelRegistry
  /** Capabilities built-in workers offer to each other (`WorkerContext.offer` / `use`). */
  readonly capabilities = new CapabilityRegistry()
  readonly router: Router
  readonly triggers: Triggers
  readonly hooks: SecurityHooks
  /** Extension points that built-in workers provide (tracer, HTTP-invoked functions, …). */
  readonly slots = new SlotRegistry()
  /** Bytes sent but not yet read, over every socket of this engine (PROTOCOL.md §2). */
  readonly outbound: OutboundBudget

  constructor(options: EngineCoreOptions = {}) {
    let tapping = false
    this.logger = teeLogger(options.logger ?? createLogger(), (record) => {
      // A failing log listener logs an error itself; do not feed that back into the listeners.
      if (tapping) return
      tapping = true
      try {
        this.events.emit('log', record)
      } finally {
        tapping = false
      }
    })
    this.version = options.version ?? '0.0.0'
    this.invocationTimeoutMs = options.invocationTimeoutMs ?? engineCoreDefaults.invocationTimeoutMs
    this.registrationNamespaceGraceMs =
      options.registrationNamespaceGraceMs ?? engineCoreDefaults.registrationNamespaceGraceMs
    this.events = new EventBus((event, err) =>
      this.logger.error('event listener failed', { event, err, unhandled: true }),
    )
    this.channels = new ChannelRegistry(this.logger)
    this.outbound = new OutboundBudget(
      { ...outboundBudgetDefaults, ...options.outboundBudget },
      this.logger.child({ component: 'outbound-budget' }),
    )
    this.hooks = createSecurityHooks(this)
    this.router = new Router({
      functions: this.functions,
      pending: this.pendingFunctions,
      table: this.table,
      logger: this.logger,
      invocationTimeoutMs: () => this.invocationTimeoutMs,
      httpInvoker: () => this.slots.get('httpInvoker'),
      tracer: () => this.slots.get('tracer'),
      observer: () => this.slots.get('invocationObserver'),
    })
    this.triggers = new Triggers({
      types: this.triggerTypes,
      bindings: this.bindings,
      router: this.router,
      logger: this.logger,
      reportToBinder: (binding, error) => {
        const owner = binding.owner as Session | null
        owner?.sendFrame?.({
          type: 'triggerregistrationresult',
          id: binding.id,
          trigger_type: binding.trigger_type,
          function_id: binding.function_id,
          error,
        })
      },
      sendToProvider: (provider, frame) => (provider.owner as Session).sendFrame(frame),
      onBinding: (outcome) => this.events.emit('binding:added', outcome),
    })
  }

  /** Accepts a connection: registry entry, `workerregistered`, grace timer, `worker_connected`. */
  connect(init: SessionInit): Session {
    const session = new Session(init, this.logger, (s, frame, text) =>
      this.dispatch(s, frame, text),
    )
    this.sessions.set(session.id, session)
    this.workers.add(session)
    session.sendFrame({
      type: 'workerregistered',
      worker_id: session.id,
      reattach_token: session.reattachToken,
      engine_id: this.id,
    })
    startNamespaceGrace(this, session)
    this.events.emit('worker:connected', session)
    return session
  }

  /** The socket closed: cleanup runs exactly once (PROTOCOL.md §5.6). */
  disconnect(session: Session): void {
    closeSession(this, session)
  }

  addFunction(entry: FunctionEntry): void {
    this.functions.set(entry)
    this.events.emit('function:added', entry)
  }

  /**
   * Removes a function; the oldest standby registration of the same id (if any) takes it over in
   * the same turn, so no call in between sees `function_not_found`.
   */
  removeFunction(namespace: string, id: string, owner?: WorkerRecord): boolean {
    const entry = this.functions.get(namespace, id)
    if (!entry || !this.functions.delete(namespace, id, owner)) return false
    const next = this.standbyFunctions.take(namespace, id, isLive)
    if (next) {
      next.registeredAtMs = Date.now()
      this.functions.set(next)
      ;(next.owner as Session).logger.info('standby registration took over the function', {
        function_id: id,
        namespace,
        previous_worker_id: entry.owner.id,
      })
    }
    this.events.emit('function:removed', entry)
    if (next) this.events.emit('function:added', next)
    return true
  }

  /** Ends every session and in-flight call, for shutdown. */
  closeAll(): void {
    for (const session of [...this.sessions.values()]) {
      closeSession(this, session)
      session.close(1001, 'engine shutting down')
    }
    this.table.stopAll()
    this.channels.closeAll()
  }

  private dispatch(session: Session, frame: InboundFrame, text: string) {
    switch (frame.type) {
      case 'ping':
        session.sendFrame({ type: 'pong' })
        return
      case 'pong':
        return
      case 'reattach':
        return reattach(this, session, frame)
      case 'invokefunction':
        return handleInvoke(this, session, frame)
      case 'invocationresult':
        return handleResult(this, session, { frame, text })
      case 'triggerregistrationresult':
        return this.triggers.onProviderAnswer(session, frame)
    }
    if (!registrationFrameTypes.has(frame.type)) return
    if (frame.type === 'registerfunction')
      this.pendingFunctions.hold(session, heldFunctionId(session, frame.id))
    if (!session.namespaceResolved) {
      session.buffered.push(frame)
      return
    }
    queueRegistration(this, session, frame)
  }
}
