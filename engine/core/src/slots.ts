import { IIIError } from '@iii/protocol'
import type { Tracer } from '@opentelemetry/api'
import type { BuiltinConfigControl } from './builtin-configs'
import type { HttpInvoker, InvocationObserver } from './invocation/router'
import type { HttpFunctionValidator } from './security/security-hooks'
import type { Session } from './session'

/** Kinds of OTLP-JSON telemetry frames a worker may send on its socket. */
export type TelemetryKind = 'OTLP' | 'MTRC' | 'LOGS'

/** Receives one telemetry frame's JSON and the session it came on. */
export type TelemetrySink = (kind: TelemetryKind, json: string, session?: Session) => void

/**
 * The engine's extension points. Each slot has at most one provider at a time; the engine reads
 * the current provider on every use, so providing or disposing takes effect at once.
 */
export interface EngineSlots {
  /** Calls functions served by an external URL (PROTOCOL.md §12); `iii-http-functions`. */
  httpInvoker: HttpInvoker
  /** Accepts or refuses HTTP-invoked function registrations; `iii-http-functions`. */
  httpFunctions: HttpFunctionValidator
  /** Spans for routed calls, HTTP requests and queue jobs; `iii-observability`. */
  tracer: Tracer
  /** One record per finished invocation, for engine metrics; `iii-observability`. */
  invocationObserver: InvocationObserver
  /** `OTLP`, `MTRC` and `LOGS` frames from workers; `iii-observability`. */
  telemetrySink: TelemetrySink
  /** The built-in workers' configurations; provided by whoever runs the `WorkerHost`. */
  builtinConfigs: BuiltinConfigControl
}

export type SlotName = keyof EngineSlots

/**
 * What a provider must look like: the member functions it needs, or `[]` for a slot that is
 * itself a function. A mapped type, so adding a slot without its contract does not compile.
 */
const slotContracts: { readonly [K in SlotName]: readonly string[] } = {
  httpInvoker: ['invoke'],
  httpFunctions: ['validateRegistration'],
  tracer: ['startSpan', 'startActiveSpan'],
  invocationObserver: ['onInvocation'],
  telemetrySink: [],
  builtinConfigs: ['list', 'reconfigure'],
}

/** Every slot name, in declaration order. */
export const slotNames = Object.keys(slotContracts) as SlotName[]

function contractProblem(slot: SlotName, impl: unknown): string | undefined {
  const members = slotContracts[slot]
  if (members.length === 0) return typeof impl === 'function' ? undefined : 'must be a function'
  if (impl === null || typeof impl !== 'object') return 'must be an object'
  const record = impl as Record<string, unknown>
  const missing = members.filter((name) => typeof record[name] !== 'function')
  return missing.length > 0
    ? `lacks the method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
    : undefined
}

interface Provision {
  impl: unknown
  owner: string
}

/**
 * The providers of the engine's slots. A second provider for a taken slot is refused, not
 * swapped in, so two workers can never silently fight over one extension point.
 */
export class SlotRegistry {
  private readonly provisions = new Map<SlotName, Provision>()

  /** The current provider of `slot`, if any. */
  get<K extends SlotName>(slot: K): EngineSlots[K] | undefined {
    return this.provisions.get(slot)?.impl as EngineSlots[K] | undefined
  }

  /** Name of whoever provides `slot` now. */
  ownerOf(slot: SlotName): string | undefined {
    return this.provisions.get(slot)?.owner
  }

  /**
   * Installs `impl` in `slot` for `owner`. Throws `SLOT_INVALID` for an unknown slot or an
   * implementation that lacks the slot's methods, `SLOT_TAKEN` when another provider holds it.
   * Returns a disposer that empties the slot only while `impl` still holds it (idempotent).
   */
  provide<K extends SlotName>(slot: K, impl: EngineSlots[K], owner: string): () => void {
    if (!Object.hasOwn(slotContracts, slot)) {
      throw new IIIError(
        'SLOT_INVALID',
        `unknown extension slot "${String(slot)}"; known: ${slotNames.join(', ')}`,
      )
    }
    const problem = contractProblem(slot, impl)
    if (problem)
      throw new IIIError('SLOT_INVALID', `${owner}: the provider of slot "${slot}" ${problem}`)
    const held = this.provisions.get(slot)
    if (held) {
      throw new IIIError(
        'SLOT_TAKEN',
        `${owner} cannot provide slot "${slot}": ${held.owner} already provides it`,
        {
          data: { slot, owner: held.owner },
        },
      )
    }
    const provision: Provision = { impl, owner }
    this.provisions.set(slot, provision)
    return () => {
      if (this.provisions.get(slot) === provision) this.provisions.delete(slot)
    }
  }

  /** Empties every slot `owner` provides (a stopped worker). */
  releaseOwner(owner: string): void {
    for (const [slot, provision] of this.provisions)
      if (provision.owner === owner) this.provisions.delete(slot)
  }

  /** `{ slot, owner }` of every provided slot. */
  list(): { slot: SlotName; owner: string }[] {
    return [...this.provisions].map(([slot, { owner }]) => ({ slot, owner }))
  }
}
