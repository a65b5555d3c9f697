import type { BuiltinConfigInfo } from './builtin-configs'
import type { LogRecord } from './logger'
import type { Binding, FunctionEntry, WorkerRecord } from './model'

/** Events the engine emits to built-in workers and the server. */
export interface EngineEvents {
  'worker:connected': WorkerRecord
  'worker:updated': WorkerRecord
  'worker:disconnected': WorkerRecord
  'function:added': FunctionEntry
  'function:removed': FunctionEntry
  /** A built-in worker instance started, or restarted with a (possibly) new config. */
  'builtin:configured': BuiltinConfigInfo
  /** A built-in worker instance stopped and was not started again. */
  'builtin:stopped': { name: string }
  /**
   * A trigger binding was stored: `active` (delivered to its provider), `parked` (no provider
   * for its trigger type yet, or the provider refused it) or `refused` (a built-in provider
   * refused it; it was not kept).
   */
  'binding:added': { binding: Binding; status: 'active' | 'parked' | 'refused'; error?: string }
  /** Every record the engine's logger writes. */
  log: LogRecord
}

type Listener<T> = (value: T) => void

/** A small typed event emitter; a throwing listener is reported, never propagated. */
export class EventBus<TEvents extends object> {
  private readonly listeners = new Map<keyof TEvents, Set<Listener<never>>>()

  constructor(private readonly onListenerError: (event: string, err: unknown) => void) {}

  on<K extends keyof TEvents>(event: K, listener: Listener<TEvents[K]>): () => void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  emit<K extends keyof TEvents>(event: K, value: TEvents[K]): void {
    const set = this.listeners.get(event)
    if (!set) return
    for (const listener of set) {
      try {
        ;(listener as Listener<TEvents[K]>)(value)
      } catch (err) {
        this.onListenerError(String(event), err)
      }
    }
  }
}
