import type { TSchema } from '@sinclair/typebox'
import type { Capability } from './capabilities'
import type { ChannelRegistry } from './channels'
import type { EngineCore } from './engine-core'
import type { EngineEvents } from './events'
import { newId } from './ids'
import type { InvokeRequest } from './invocation/router'
import type { Logger } from './logger'
import type {
  BindingInfo,
  BuiltinHandler,
  FunctionDef,
  FunctionEntry,
  TriggerProvider,
  TriggerTypeDef,
  WorkerMeta,
  WorkerRecord,
} from './model'
import type { OutboundBudget } from './outbound-budget'
import type { EngineSlots, SlotName } from './slots'
import type { ConditionCheck, FireOptions, FireResult } from './triggers'

/** Read-only counts of what the engine holds now. */
export interface EngineStats {
  /** Connected socket workers. */
  sessions: number
  /** Workers in the registry, socket and built-in. */
  workers: number
  /** Registered functions, every namespace. */
  functions: number
  triggerTypes: number
  /** Trigger bindings (registered triggers). */
  bindings: number
  /** Invocations routed and not answered yet. */
  invocationsInFlight: number
  /** Open data channels. */
  channels: number
}

/** What a built-in worker may do. It sees the engine only through this. */
export interface WorkerContext {
  /** Runtime name of this worker instance (`iii-state`, `iii-worker-manager#1`, …). */
  readonly name: string
  readonly logger: Logger
  /** The worker's own registry record (owner of its functions and trigger types). */
  readonly record: WorkerRecord
  /** Version of the engine, as health and introspection report it. */
  readonly engineVersion: string
  /** The engine's data channels (PROTOCOL.md §8), for workers that stream bodies. */
  readonly channels: ChannelRegistry
  /** The engine-wide outbound byte budget every socket's sends go through. */
  readonly outboundBudget: OutboundBudget
  /** This engine process's id, new at every start (also sent to socket workers in `workerregistered`). */
  readonly engineId: string
  /** When the engine started (epoch ms), for uptime. */
  readonly engineStartedAtMs: number
  /**
   * Offers a capability to other built-in workers until the returned disposer runs (it also runs
   * when this worker stops). Throws when another worker offers it.
   */
  offer<T>(cap: Capability<T>, impl: T): () => void
  /** The capability currently offered under `cap`, if any; look it up when you need it. */
  use<T>(cap: Capability<T>): T | undefined
  registerFunction(def: FunctionDef, handler: BuiltinHandler): void
  unregisterFunction(id: string): void
  /**
   * Reserves a function id this worker depends on (an auth function, a hook) while it runs:
   * connections on an RBAC listener cannot register it unless their grant allows it.
   */
  reserveFunction(id: string): void
  registerTriggerType(def: TriggerTypeDef, provider: TriggerProvider): Promise<void>
  unregisterTriggerType(id: string): Promise<void>
  /** Calls any function; rejects with an `IIIError`. */
  invoke(request: Omit<InvokeRequest, 'caller'>): Promise<unknown>
  /** Condition (if configured), then the binding's target with its metadata. */
  fire(binding: BindingInfo, payload: unknown, options?: FireOptions): Promise<FireResult>
  /** Asks a condition function; `false` only when it answers exactly `false` (or fails). */
  checkCondition(check: ConditionCheck): Promise<boolean>
  /** The function entry, when `(namespace, id)` is registered. */
  lookupFunction(id: string, namespace?: string): FunctionEntry | undefined
  /** Every registered function, every namespace, in registration order. */
  listFunctions(): FunctionEntry[]
  on<K extends keyof EngineEvents>(event: K, listener: (value: EngineEvents[K]) => void): () => void
  /**
   * Installs this worker as the provider of an engine extension slot. Throws `SLOT_TAKEN` when
   * another worker provides it and `SLOT_INVALID` when `impl` lacks the slot's methods. Returns a
   * disposer; the host also empties the worker's slots when it stops.
   *
   * @example
   * const dispose = ctx.provide('tracer', provider.getTracer('iii'))
   */
  provide<K extends SlotName>(slot: K, impl: EngineSlots[K]): () => void
  /** The current provider of an extension slot, looked up on every call. */
  provided<K extends SlotName>(slot: K): EngineSlots[K] | undefined
  /** Counts of sessions, workers, functions, bindings and in-flight invocations. */
  stats(): EngineStats
  /**
   * What the previous instance of this worker handed over when it was restarted with a new
   * config (`BuiltinWorker.handOver`), e.g. its live memory store; `undefined` on a first start.
   * Taking it is the new instance's choice: what it leaves is dropped.
   */
  readonly handedOver: unknown
}

/**
 * The context of the few workers that serve the engine's own surface (`iii-worker-manager`,
 * `iii-engine-functions`). Only definitions with `engineAccess: true` get it; no package under
 * `workers/` may use it (tests/architecture/engine-fence.test.ts).
 */
export interface EngineWorkerContext extends WorkerContext {
  readonly engine: EngineCore
}

/** A built-in worker: runs in-process and uses the same registries as socket workers. */
export interface BuiltinWorker {
  start(ctx: WorkerContext): void | Promise<void>
  /** Stops work and releases resources; registered functions and types are removed by the host. */
  stop(): void | Promise<void>
  /**
   * Called just before `stop()` when the worker restarts with a new config (a config reload or
   * `configuration::set`): returns live data the next instance should keep (a memory store), which
   * `stop()` must then leave intact. The next instance sees it as `ctx.handedOver`.
   */
  handOver?(): unknown
  /**
   * Applies a new (validated) config without a stop and start. Optional: without it a changed
   * config restarts the worker. Throwing leaves the previous config running.
   */
  reconfigure?(config: unknown): void | Promise<void>
  /** Where the worker listens, for workers that serve a port. */
  address?(): { host: string; port: number } | undefined
}

/** A worker that the config file can name. */
export interface WorkerDefinition<TConfig = unknown> {
  /** Runtime name, e.g. `iii-state`. */
  name: string
  aliases?: string[]
  /** Always running, added even when the config file omits it. */
  mandatory?: boolean
  /** Runs when there is no config file. */
  defaultOn?: boolean
  /** May appear more than once in the config (instances `name#1`, `name#2`, …). */
  multiple?: boolean
  /**
   * For `multiple` workers: a value that must differ between instances (checked at config load,
   * on the config with defaults applied); `key` names it in the error.
   */
  uniqueKey?: { key: string; of(config: TConfig): string }
  /** Config schema; defaults are applied from it, unknown keys are rejected. */
  configSchema: TSchema
  /**
   * Checks the schema cannot express (e.g. "fifo needs message_group_field"), run at config load
   * on the config with defaults applied. A problem aborts startup with the file, key and reason.
   */
  validate?(config: TConfig): ConfigProblem | undefined
  /**
   * Defaults that apply only when the engine runs from a config file on disk (`file` is its
   * absolute path), merged key by key under the worker's block before the schema's defaults.
   * Without a file (embedded defaults, inline config text) only the schema's defaults apply.
   */
  fileDefaults?(file: string): Record<string, unknown>
  create(config: TConfig): BuiltinWorker
  /** Start with an {@link EngineWorkerContext}; only for workers that serve the engine itself. */
  engineAccess?: boolean
}

/** A built-in worker that starts with the engine itself in its context. */
export interface EngineBuiltinWorker extends Omit<BuiltinWorker, 'start'> {
  start(ctx: EngineWorkerContext): void | Promise<void>
}

/** The definition of a worker that serves the engine's own surface. */
export interface EngineWorkerDefinition<TConfig = unknown>
  extends Omit<WorkerDefinition<TConfig>, 'create' | 'engineAccess'> {
  engineAccess: true
  create(config: TConfig): EngineBuiltinWorker
}

/** A semantic config problem; `key` is relative to the worker's `config` (`queue_configs.orders.type`). */
export interface ConfigProblem {
  key: string
  reason: string
}

/** Runtime record of a built-in worker. */
export class BuiltinRecord implements WorkerRecord {
  readonly kind = 'builtin' as const
  readonly id = newId()
  readonly connectedAtMs = Date.now()
  readonly ip = ''
  namespace = 'default'
  meta: WorkerMeta

  constructor(
    public name: string,
    version: string,
  ) {
    this.meta = { runtime: 'builtin', version }
  }
}

function statsOf(engine: EngineCore): EngineStats {
  return {
    sessions: engine.sessions.size,
    workers: engine.workers.size,
    functions: engine.functions.size,
    triggerTypes: engine.triggerTypes.size,
    bindings: engine.bindings.size,
    invocationsInFlight: engine.table.size,
    channels: engine.channels.size,
  }
}

/** Builds the context of one built-in worker. */
export function createWorkerContext(
  engine: EngineCore,
  record: BuiltinRecord,
  handedOver?: unknown,
): WorkerContext {
  const logger = engine.logger.child({ worker: record.name })
  return {
    name: record.name,
    handedOver,
    logger,
    record,
    engineVersion: engine.version,
    channels: engine.channels,
    outboundBudget: engine.outbound,
    engineId: engine.id,
    engineStartedAtMs: engine.startedAtMs,
    offer: (cap, impl) => engine.capabilities.offer(cap, impl, record.name),
    use: (cap) => engine.capabilities.use(cap),
    registerFunction(def, handler) {
      engine.addFunction({
        ...def,
        namespace: 'default',
        owner: record,
        target: { kind: 'builtin', handler },
        registeredAtMs: Date.now(),
      })
    },
    unregisterFunction(id) {
      engine.removeFunction('default', id, record)
    },
    reserveFunction: (id) => engine.reservedFunctions.reserve(id, record.name),
    registerTriggerType(def, provider) {
      return engine.triggers.registerType({
        ...def,
        namespace: 'default',
        owner: record,
        provider: { kind: 'builtin', hooks: provider },
      })
    },
    async unregisterTriggerType(id) {
      const entry = engine.triggerTypes.get('default', id)
      if (entry && entry.owner === record) await engine.triggers.unregisterType(entry)
    },
    invoke: (request) => engine.router.call(request),
    fire: (binding, payload, options) => engine.triggers.fire(binding, payload, options),
    checkCondition: (check) => engine.triggers.checkCondition(check),
    lookupFunction: (id, namespace = 'default') => engine.functions.get(namespace, id),
    listFunctions: () => [...engine.functions.all()],
    on: (event, listener) => engine.events.on(event, listener),
    provide: (slot, impl) => engine.slots.provide(slot, impl, record.name),
    provided: (slot) => engine.slots.get(slot),
    stats: () => statsOf(engine),
  }
}

/** The context of an `engineAccess` worker: the same, plus the engine. */
export function createEngineWorkerContext(
  engine: EngineCore,
  record: BuiltinRecord,
  handedOver?: unknown,
): EngineWorkerContext {
  return { ...createWorkerContext(engine, record, handedOver), engine }
}

/** Removes everything a built-in worker registered. */
export async function releaseWorker(engine: EngineCore, record: BuiltinRecord): Promise<void> {
  for (const fn of engine.functions.ownedBy(record))
    engine.removeFunction(fn.namespace, fn.id, record)
  for (const type of engine.triggerTypes.ownedBy(record)) await engine.triggers.unregisterType(type)
  engine.slots.releaseOwner(record.name)
  engine.capabilities.releaseOwner(record.name)
  engine.reservedFunctions.releaseOwner(record.name)
  engine.workers.remove(record)
}
