import type { FunctionEntry, Logger, WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { InboundCall, RemoteLink } from './client/link'
import type { ExposeEntry } from './config'
import { pathOf, withProvenance } from './provenance'

/** One local function registered on the remote engine, and how that went. */
export interface ExposedFunction {
  local_function: string
  namespace: string
  remote_function: string
  /**
   * `pending` until connected; `refused` when the remote said no or the bridges would loop;
   * `standby` when a remote worker owns the id: the bridge takes it over when that one leaves.
   */
  status: 'pending' | 'registered' | 'refused' | 'standby'
  reason?: string
}

interface Rule {
  test(id: string): boolean
  namespace: string
  remoteId(id: string): string
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

function compileRule(entry: ExposeEntry): Rule {
  const pattern = new RegExp(`^${entry.local_function.split('*').map(escapeRegExp).join('.*')}$`)
  return {
    test: (id) => pattern.test(id),
    namespace: entry.namespace ?? 'default',
    remoteId: (id) => entry.remote_function ?? (entry.prefix ? `${entry.prefix}::${id}` : id),
  }
}

export interface ExposerDeps {
  ctx: WorkerContext
  link: RemoteLink
  entries: ExposeEntry[]
  bridgeName: string
  logger: Logger
}

/**
 * Keeps the selected local functions registered on the remote engine: as they come and go here,
 * and again on every (re)connect. Calls the remote makes to them run here with the remote's trace
 * context. A function whose provenance path already holds the remote engine is refused (a loop).
 */
export class Exposer {
  private readonly rules: Rule[]
  private readonly byRemote = new Map<string, ExposedFunction>()
  private readonly unsubscribe: (() => void)[] = []

  constructor(private readonly deps: ExposerDeps) {
    this.rules = deps.entries.map(compileRule)
  }

  /** Follows the registry and takes in the functions that exist already. */
  start(): void {
    const { ctx } = this.deps
    if (this.rules.length === 0) return
    this.unsubscribe.push(
      ctx.on('function:added', (entry) => this.added(entry)),
      ctx.on('function:removed', (entry) => this.removed(entry)),
    )
    for (const entry of ctx.listFunctions()) this.added(entry)
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off()
  }

  list(): ExposedFunction[] {
    return [...this.byRemote.values()].map((e) => ({ ...e }))
  }

  /** Registers everything again on a fresh connection. */
  connected(): void {
    for (const exposed of this.byRemote.values()) {
      const entry = this.deps.ctx.lookupFunction(exposed.local_function, exposed.namespace)
      if (entry) this.register(exposed, entry)
    }
  }

  disconnected(): void {
    for (const exposed of this.byRemote.values()) {
      if (exposed.status === 'registered') exposed.status = 'pending'
    }
  }

  /** The remote refused `remoteId` (FUNCTION_NAMESPACE_CONFLICT, …). */
  rejected(remoteId: string, code: string, owner: string): void {
    const exposed = this.byRemote.get(remoteId)
    if (!exposed) return
    if (code === 'FUNCTION_STANDBY') {
      exposed.status = 'standby'
      exposed.reason = `${code}: the remote engine's worker ${owner} owns ${remoteId}; the bridge takes it over when that worker leaves`
      this.deps.logger.warn('an exposed function waits as a standby on the remote engine', {
        local_function: exposed.local_function,
        remote_function: remoteId,
        reason: exposed.reason,
      })
      return
    }
    exposed.status = 'refused'
    exposed.reason = `${code}${owner ? `: the remote engine's worker ${owner} owns ${remoteId}` : `: ${remoteId} is reserved there`}`
    this.deps.logger.error('the remote engine refused an exposed function', {
      local_function: exposed.local_function,
      remote_function: remoteId,
      reason: exposed.reason,
    })
  }

  /** Runs a call the remote made to an exposed function and answers it. */
  invoke(call: InboundCall, baggage: string | undefined): void {
    const { ctx, link } = this.deps
    const exposed = this.byRemote.get(call.function_id)
    if (!exposed || exposed.status === 'refused') {
      link.reply(call, {
        error: {
          code: 'function_not_found',
          message: `${call.function_id} is not exposed by this bridge`,
        },
      })
      return
    }
    const data = call.data
    if (typeof data === 'object' && data !== null && !Array.isArray(data))
      delete (data as Record<string, unknown>)._caller_worker_id
    ctx
      .invoke({
        functionId: exposed.local_function,
        namespace: exposed.namespace,
        data: data ?? null,
        metadata: call.metadata,
        traceparent: call.traceparent,
        baggage,
      })
      .then(
        (result) => link.reply(call, { result: result ?? null }),
        (err) => link.reply(call, { error: IIIError.from(err).toBody() }),
      )
  }

  /** The remote ids `entry` is exposed under (one per matching rule). */
  private remoteIdsOf(entry: FunctionEntry): string[] {
    if (entry.owner === this.deps.ctx.record || entry.id.startsWith('engine::')) return []
    const ids = this.rules
      .filter((rule) => rule.namespace === entry.namespace && rule.test(entry.id))
      .map((rule) => rule.remoteId(entry.id))
    return [...new Set(ids)]
  }

  private added(entry: FunctionEntry): void {
    for (const remoteId of this.remoteIdsOf(entry)) this.addAs(entry, remoteId)
  }

  private addAs(entry: FunctionEntry, remoteId: string): void {
    const existing = this.byRemote.get(remoteId)
    if (
      existing &&
      (existing.local_function !== entry.id || existing.namespace !== entry.namespace)
    ) {
      this.deps.logger.error(
        'two local functions would have the same id on the remote engine; keeping the first',
        {
          remote_function: remoteId,
          kept: existing.local_function,
          skipped: entry.id,
        },
      )
      return
    }
    const exposed = existing ?? {
      local_function: entry.id,
      namespace: entry.namespace,
      remote_function: remoteId,
      status: 'pending',
    }
    this.byRemote.set(remoteId, exposed)
    if (this.deps.link.state === 'connected') this.register(exposed, entry)
  }

  private removed(entry: FunctionEntry): void {
    // A replacement may already be registered (a worker that reconnected): keep it then.
    if (this.deps.ctx.lookupFunction(entry.id, entry.namespace)) return
    for (const remoteId of this.remoteIdsOf(entry)) {
      const exposed = this.byRemote.get(remoteId)
      if (!exposed || exposed.local_function !== entry.id || exposed.namespace !== entry.namespace)
        continue
      this.byRemote.delete(remoteId)
      this.deps.link.send({ type: 'unregisterfunction', id: remoteId })
    }
  }

  private register(exposed: ExposedFunction, entry: FunctionEntry): void {
    const { link, ctx } = this.deps
    const path = pathOf(entry.metadata)
    if (link.remoteEngineId && path.includes(link.remoteEngineId)) {
      if (exposed.status !== 'refused') {
        exposed.reason = `BRIDGE_LOOP: ${entry.id} already runs through the remote engine (path ${path.join(' → ')}); exposing it back would make a loop`
        this.deps.logger.error('refused to expose a function back to the engine it came from', {
          local_function: entry.id,
          reason: exposed.reason,
        })
      }
      exposed.status = 'refused'
      return
    }
    const frame: Record<string, unknown> = {
      type: 'registerfunction',
      id: exposed.remote_function,
      metadata: withProvenance(entry.metadata, {
        bridge: this.deps.bridgeName,
        path: [ctx.engineId, ...path],
      }),
    }
    if (entry.description) frame.description = entry.description
    if (entry.request_format !== undefined) frame.request_format = entry.request_format
    if (entry.response_format !== undefined) frame.response_format = entry.response_format
    if (link.send(frame)) {
      exposed.status = 'registered'
      exposed.reason = undefined
    }
  }
}
