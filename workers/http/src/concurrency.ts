import type { Connection } from './server/connection'

/**
 * At most `limit` requests in flight (`concurrency_request_limit`; 0 is raised to 1). Extra
 * requests wait in arrival order; one whose client leaves while waiting gives up its place.
 */
export class ConcurrencyLimit {
  private active = 0
  private readonly waiting = new Set<() => void>()
  readonly limit: number

  constructor(limit: number) {
    this.limit = Math.max(1, limit)
  }

  /** Takes a slot, released when the exchange ends. Resolves false if the client left first. */
  acquire(connection: Connection): boolean | Promise<boolean> {
    if (this.active < this.limit) return this.take(connection)
    return new Promise((resolve) => {
      const grant = () => {
        this.waiting.delete(grant)
        resolve(this.take(connection))
      }
      this.waiting.add(grant)
      connection.onClose(() => {
        if (this.waiting.delete(grant)) resolve(false)
      })
    })
  }

  get inFlight(): number {
    return this.active
  }

  private take(connection: Connection): true {
    this.active++
    connection.onClose(() => this.release())
    return true
  }

  private release(): void {
    this.active--
    const next = this.waiting.values().next()
    if (!next.done) next.value()
  }
}
