import type { ErrorBody } from '@iii/protocol'
import { newId } from '../ids'
import type { InvocationOutcome } from '../model'

/** The side of a connection the invocation table needs. */
export interface InvocationParty {
  readonly id: string
  /** Invocations dispatched to this connection, by dispatch id. */
  readonly inbound: Map<string, Pending>
  /** Calls this connection is waiting on. */
  readonly outbound: Set<Pending>
}

export interface Pending {
  readonly id: string
  readonly functionId: string
  readonly startedAt: number
  callee: InvocationParty | null
  caller: InvocationParty | null
  timer: ReturnType<typeof setTimeout> | undefined
  done: (outcome: InvocationOutcome) => void
}

/** What `InvocationTable.start` records. */
export interface StartOptions {
  readonly callee: InvocationParty
  readonly caller: InvocationParty | null
  readonly functionId: string
  /** The caller's own id, reused unless it is already in flight. */
  readonly preferredId: string | undefined
  /** No timer when 0 or not finite. */
  readonly timeoutMs: number
  readonly done: (outcome: InvocationOutcome) => void
}

export const stoppedError: ErrorBody = { code: 'invocation_stopped', message: 'Invocation stopped' }

/**
 * Every in-flight invocation the engine routes to a connection, keyed by the id sent to the
 * callee and recorded on both parties, so a disconnect on either side resolves it at once.
 */
export class InvocationTable {
  private readonly byId = new Map<string, Pending>()

  get size(): number {
    return this.byId.size
  }

  /** Records an invocation; the caller's own id is reused unless it is already in flight. */
  start(options: StartOptions): Pending {
    const { callee, caller, functionId, preferredId, timeoutMs, done } = options
    const id = preferredId && !this.byId.has(preferredId) ? preferredId : newId()
    const pending: Pending = {
      id,
      functionId,
      startedAt: Date.now(),
      callee,
      caller,
      timer: undefined,
      done,
    }
    this.byId.set(id, pending)
    callee.inbound.set(id, pending)
    caller?.outbound.add(pending)
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      pending.timer = setTimeout(
        () =>
          this.finish(pending, {
            ok: false,
            error: { code: 'TIMEOUT', message: `invocation timed out after ${timeoutMs}ms` },
          }),
        timeoutMs,
      )
    }
    return pending
  }

  /** The pending invocation `from` may answer, or undefined (unknown, finished, or spoofed). */
  answerable(id: string, from: InvocationParty): Pending | undefined {
    const pending = this.byId.get(id)
    return pending && pending.callee === from ? pending : undefined
  }

  /** Finishes an invocation exactly once. */
  finish(pending: Pending, outcome: InvocationOutcome): void {
    if (this.byId.get(pending.id) !== pending) return
    this.byId.delete(pending.id)
    if (pending.timer) clearTimeout(pending.timer)
    pending.callee?.inbound.delete(pending.id)
    pending.caller?.outbound.delete(pending)
    pending.done(outcome)
  }

  /** The callee went away: every invocation dispatched to it ends with `invocation_stopped`. */
  stopCallee(callee: InvocationParty): void {
    for (const pending of [...callee.inbound.values()])
      this.finish(pending, { ok: false, error: stoppedError })
  }

  /** The caller went away: its calls keep running but their results are dropped. */
  abandonCaller(caller: InvocationParty): void {
    for (const pending of caller.outbound) pending.caller = null
    caller.outbound.clear()
  }

  /** Ends everything, for engine shutdown. */
  stopAll(): void {
    for (const pending of [...this.byId.values()])
      this.finish(pending, { ok: false, error: stoppedError })
  }
}
