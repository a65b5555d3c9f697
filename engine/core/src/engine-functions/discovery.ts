import { createHash } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { BindingInfo } from '../model'
import type { EngineWorkerContext, WorkerContext } from '../worker'
import { functionRow, isInternalFunction } from './introspection'

/** How often the function registry digest is checked (PROTOCOL.md §7.7). */
export const functionsDigestIntervalMs = 5_000

/** The discovery trigger types take no config; any object is accepted and ignored. */
const NoConfig = Type.Object({}, { description: 'no keys; the binding fires for every change' })

/** Bindings of one in-process trigger type, fired fire-and-forget. */
class BindingSet {
  readonly bindings = new Map<string, BindingInfo>()
  readonly provider = {
    register: (b: BindingInfo) => void this.bindings.set(b.id, b),
    unregister: (b: BindingInfo) => void this.bindings.delete(b.id),
  }

  constructor(private readonly ctx: WorkerContext) {}

  fireAll(payload: unknown): void {
    for (const b of this.bindings.values()) {
      this.ctx.fire(b, payload).catch((err) =>
        this.ctx.logger.debug('discovery trigger delivery failed', {
          trigger_id: b.id,
          err: (err as Error).message,
        }),
      )
    }
  }
}

/** `engine::workers-available` and `engine::functions-available`. Returns a stop function. */
export async function startDiscovery(ctx: EngineWorkerContext): Promise<() => void> {
  const workersAvailable = new BindingSet(ctx)
  const functionsAvailable = new BindingSet(ctx)
  await ctx.registerTriggerType(
    {
      id: 'engine::workers-available',
      description: 'Fires when a worker connects, disconnects or updates its metadata.',
      trigger_request_format: NoConfig,
      call_request_format: Type.Object({ event: Type.String(), worker_id: Type.String() }),
    },
    workersAvailable.provider,
  )
  await ctx.registerTriggerType(
    {
      id: 'engine::functions-available',
      description: 'Fires when the set of registered functions changes (checked every 5 s).',
      trigger_request_format: NoConfig,
      call_request_format: Type.Object({
        event: Type.Literal('functions_changed'),
        functions: Type.Array(Type.Record(Type.String(), Type.Unknown())),
      }),
    },
    functionsAvailable.provider,
  )
  const stops = [
    ctx.on('worker:connected', (w) =>
      workersAvailable.fireAll({ event: 'worker_connected', worker_id: w.id }),
    ),
    ctx.on('worker:disconnected', (w) =>
      workersAvailable.fireAll({ event: 'worker_disconnected', worker_id: w.id }),
    ),
    ctx.on('worker:updated', (w) =>
      workersAvailable.fireAll({ event: 'worker_metadata_updated', worker_id: w.id }),
    ),
  ]
  const functions = ctx.engine.functions
  let seenVersion = functions.version
  let digest = digestOf(ctx)
  const timer = setInterval(() => {
    if (functions.version === seenVersion) return
    seenVersion = functions.version
    const next = digestOf(ctx)
    if (next === digest) return
    digest = next
    if (functionsAvailable.bindings.size === 0) return
    const rows = [...functions.all()].filter((f) => !isInternalFunction(f)).map(functionRow)
    functionsAvailable.fireAll({ event: 'functions_changed', functions: rows })
  }, functionsDigestIntervalMs)
  timer.unref?.()
  return () => {
    clearInterval(timer)
    for (const stop of stops) stop()
  }
}

function digestOf(ctx: WorkerContext): string {
  const keys = ctx
    .listFunctions()
    .map((f) => `${f.namespace}\u0000${f.id}\u0000${f.owner.name}`)
    .sort()
  return createHash('sha256').update(keys.join('\n')).digest('hex')
}
