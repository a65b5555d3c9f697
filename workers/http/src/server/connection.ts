/**
 * One HTTP exchange as a Fetch handler sees it (passed as Hono's `env`): whether the client went
 * away, and cleanup that runs once the exchange ends.
 */
export interface Connection {
  /** True once the client disconnected before the response was complete. */
  readonly aborted: boolean
  /** Runs `callback` once, when the response is fully written or the client aborts. */
  onClose(callback: () => void): void
}

/** The adapter's side of a `Connection`. */
export class ExchangeState implements Connection {
  aborted = false
  finished = false
  /** False while request body bytes may still arrive. */
  bodyComplete = true
  private callbacks: (() => void)[] = []
  private wake: (() => void) | undefined

  constructor(private readonly onCallbackError: (err: unknown) => void) {}

  get done(): boolean {
    return this.aborted || this.finished
  }

  onClose(callback: () => void): void {
    if (this.done) queueMicrotask(callback)
    else this.callbacks.push(callback)
  }

  /** Resolves when `arm`'s callback fires or the exchange ends; one waiter at a time. */
  waitFor(arm: (wake: () => void) => void): Promise<void> {
    if (this.done) return Promise.resolve()
    return new Promise((resolve) => {
      this.wake = resolve
      arm(resolve)
    })
  }

  /** The client went away (uWS `onAborted`). */
  abort(): void {
    if (this.done) return
    this.aborted = true
    this.runCallbacks()
  }

  /** The response was fully handed to uWS. */
  finish(): void {
    if (this.done) return
    this.finished = true
    this.runCallbacks()
  }

  private runCallbacks(): void {
    this.wake?.()
    this.wake = undefined
    const callbacks = this.callbacks
    this.callbacks = []
    for (const callback of callbacks) {
      try {
        callback()
      } catch (err) {
        this.onCallbackError(err)
      }
    }
  }
}
