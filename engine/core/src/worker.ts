import type { TSchema } from '@sinclair/typebox'
import type { EngineCore } from './engine-core'
import type { EngineEvents } from './events'
import { newId } from './ids'
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
import type { InvokeRequest } from './router'
import type { FireOptions, FireResult } from './triggers'

/** What a built-in worker may do. It sees the engine only through this. */
export interface WorkerContext {
  /** Runtime name of this worker instance (`iii-state`, `iii-worker-manager#1`, …). */
  readonly name: string
  readonly logger: Logger
  /** The worker's own registry record (owner of its functions and trigger types). */
  readonly record: WorkerRecord
  registerFunction(def: FunctionDef, handler: BuiltinHandler): void
  unregisterFunction(id: string): void
  registerTriggerType(def: TriggerTypeDef, provider: TriggerProvider): Promise<void>
  unregisterTriggerType(id: string): Promise<void>
  /** Calls any function; rejects with an `IIIError`. */
  invoke(request: Omit<InvokeRequest, 'caller'>): Promise<unknown>
  /** Condition (if configured), then the binding's target with its metadata. */
  fire(binding: BindingInfo, payload: unknown, options?: FireOptions): Promise<FireResult>
  checkCondition(functionId: string, namespace: string, payload: unknown, options?: FireOptions): Promise<boolean>
  /** The function entry, when `(namespace, id)` is registered. */
  lookupFunction(id: string, namespace?: string): FunctionEntry | undefined
  on<K extends keyof EngineEvents>(event: K, listener: (value: EngineEvents[K]) => void): () => void
  /** The engine itself, for the few workers that serve its own surface (worker manager, engine functions). */
  readonly engine: EngineCore
}

/** A built-in worker: runs in-process and uses the same registries as socket workers. */
export interface BuiltinWorker {
  start(ctx: WorkerContext): void | Promise<void>
  /** Stops work and releases resources; registered functions and types are removed by the host. */
  stop(): void | Promise<void>
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

/** Builds the context of one built-in worker. */
export function createWorkerContext(engine: EngineCore, record: BuiltinRecord): WorkerContext {
  const logger = engine.logger.child({ worker: record.name })
  return {
    name: record.name,
    logger,
    record,
    engine,
    registerFunction(def, handler) {
      engine.addFunction({ ...def, namespace: 'default', owner: record, target: { kind: 'builtin', handler }, registeredAtMs: Date.now() })
    },
    unregisterFunction(id) {
      engine.removeFunction('default', id, record)
    },
    registerTriggerType(def, provider) {
      return engine.triggers.registerType({ ...def, namespace: 'default', owner: record, provider: { kind: 'builtin', hooks: provider } })
    },
    async unregisterTriggerType(id) {
      const entry = engine.triggerTypes.get('default', id)
      if (entry && entry.owner === record) await engine.triggers.unregisterType(entry)
    },
    invoke: (request) => engine.router.call(request),
    fire: (binding, payload, options) => engine.triggers.fire(binding, payload, options),
    checkCondition: (fn, ns, payload, options) => engine.triggers.checkCondition(fn, ns, payload, options),
    lookupFunction: (id, namespace = 'default') => engine.functions.get(namespace, id),
    on: (event, listener) => engine.events.on(event, listener),
  }
}

/** Removes everything a built-in worker registered. */
export async function releaseWorker(engine: EngineCore, record: BuiltinRecord): Promise<void> {
  for (const fn of engine.functions.ownedBy(record)) engine.removeFunction(fn.namespace, fn.id, record)
  for (const type of engine.triggerTypes.ownedBy(record)) await engine.triggers.unregisterType(type)
  engine.workers.remove(record)
}
