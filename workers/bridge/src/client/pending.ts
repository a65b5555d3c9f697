import { type ErrorBody, type ErrorCode, IIIError } from '@iii/protocol'

interface Pending {
  functionId: string
  resolve(value: unknown): void
  reject(err: IIIError): void
  timer: ReturnType<typeof setTimeout>
}

/** Calls sent to the remote engine and not answered yet, by invocation id. */
export class PendingCalls {
  private readonly calls = new Map<string, Pending>()

  get size(): number {
    return this.calls.size
  }

  /** Waits for the answer to `id`; rejects with `TIMEOUT` after `timeoutMs`. */
  wait(id: string, functionId: string, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.calls.delete(id)) return
        reject(
          new IIIError(
            'TIMEOUT',
            `invocation of ${functionId} on the remote engine timed out after ${timeoutMs}ms`,
          ),
        )
      }, timeoutMs)
      this.calls.set(id, { functionId, resolve, reject, timer })
    })
  }

  /** Settles one call with the remote's answer; unknown ids (late answers) are ignored. */
  settle(id: string, answer: { result?: unknown; error?: ErrorBody | null }): void {
    const call = this.calls.get(id)
    if (!call) return
    this.calls.delete(id)
    clearTimeout(call.timer)
    const error = answer.error
    if (error)
      call.reject(
        IIIError.relay(error, {
          data: error.stacktrace ? { stacktrace: error.stacktrace } : undefined,
        }),
      )
    else call.resolve(answer.result ?? null)
  }

  /** Rejects one call (it could not be sent). */
  fail(id: string, err: IIIError): void {
    const call = this.calls.get(id)
    if (!call) return
    this.calls.delete(id)
    clearTimeout(call.timer)
    call.reject(err)
  }

  /** Rejects every waiting call. */
  failAll(code: ErrorCode, message: string): void {
    for (const [id, call] of this.calls) {
      clearTimeout(call.timer)
      this.calls.delete(id)
      call.reject(new IIIError(code, `${message} (${call.functionId})`))
    }
  }
}
