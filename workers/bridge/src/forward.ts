import type { CallInfo, WorkerContext } from '@iii/core'
import type { RemoteLink } from './client/link'
import { type ForwardEntry, forwardLocalId } from './config'
import { type Provenance, withProvenance } from './provenance'

/** One remote function callable here. */
export interface ForwardedFunction {
  local_function: string
  remote_function: string
}

export interface ForwardDeps {
  ctx: WorkerContext
  link: RemoteLink
  entries: ForwardEntry[]
  bridgeName: string
}

/**
 * Registers a local function per forward; calling it (sync, void or through a queue) calls the
 * remote function with the caller's trace context. The provenance path names the remote engine
 * once it is known, so another bridge never exposes the proxy back there.
 */
export class Forwarder {
  private readonly provenance: Provenance[] = []

  constructor(private readonly deps: ForwardDeps) {}

  /** Registers every forward; throws when a local id is taken already. */
  start(): void {
    const { ctx, link, entries, bridgeName } = this.deps
    for (const entry of entries) {
      const localId = forwardLocalId(entry)
      const owner = ctx.lookupFunction(localId)
      if (owner)
        throw new Error(
          `iii-bridge ${bridgeName}: forward of ${entry.remote_function}: ${localId} is already registered here by ${owner.owner.name}`,
        )
      const provenance: Provenance = { bridge: bridgeName, path: [] }
      this.provenance.push(provenance)
      ctx.registerFunction(
        {
          id: localId,
          description: `Calls ${entry.remote_function} on the remote engine through bridge ${bridgeName}.`,
          metadata: withProvenance(undefined, provenance),
        },
        (data: unknown, call: CallInfo) =>
          link.call({
            functionId: entry.remote_function,
            data,
            metadata: call.metadata,
            timeoutMs: entry.timeout_ms,
            traceparent: call.traceparent,
            baggage: call.baggage,
          }),
      )
    }
  }

  /** The remote engine's id is known: record it on every proxy's path. */
  connected(remoteEngineId: string | undefined): void {
    for (const provenance of this.provenance)
      provenance.path = remoteEngineId ? [remoteEngineId] : []
  }

  list(): ForwardedFunction[] {
    return this.deps.entries.map((entry) => ({
      local_function: forwardLocalId(entry),
      remote_function: entry.remote_function,
    }))
  }
}
