/**
 * Function ids whose `registerfunction` frame the engine holds but has not applied yet: buffered
 * while the connection's namespace is unknown (PROTOCOL.md §5.4) or queued behind an async
 * registration hook. A call to such an id waits for the registration instead of failing with
 * `function_not_found` (issue 12, row 14: the published SDK calls right after registering).
 */
export class PendingFunctions {
  /** How many held frames name each id, across all connections. */
  private readonly counts = new Map<string, number>()
  /** The ids each holder has announced, so a closed connection releases them all. */
  private readonly byHolder = new Map<object, string[]>()
  private readonly waiters = new Map<string, Set<() => void>>()

  /** Records one held frame of `holder` registering `id`. */
  hold(holder: object, id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1)
    let ids = this.byHolder.get(holder)
    if (!ids) {
      ids = []
      this.byHolder.set(holder, ids)
    }
    ids.push(id)
  }

  /** The frame was applied (or refused): waiters for `id` look again. */
  release(holder: object, id: string): void {
    const ids = this.byHolder.get(holder)
    const at = ids?.indexOf(id) ?? -1
    if (!ids || at < 0) return
    ids.splice(at, 1)
    if (ids.length === 0) this.byHolder.delete(holder)
    this.decrement(id)
  }

  /** The holder is gone: every frame it held is released. */
  releaseAll(holder: object): void {
    const ids = this.byHolder.get(holder)
    if (!ids) return
    this.byHolder.delete(holder)
    for (const id of ids) this.decrement(id)
  }

  isHeld(id: string): boolean {
    return this.counts.has(id)
  }

  /**
   * Resolves at the next release of `id` (or at once when nothing holds it), or after
   * `timeoutMs` at the latest.
   */
  waitFor(id: string, timeoutMs: number): Promise<void> {
    if (!this.isHeld(id)) return Promise.resolve()
    return new Promise((resolve) => {
      let set = this.waiters.get(id)
      if (!set) {
        set = new Set()
        this.waiters.set(id, set)
      }
      const waiters = set
      const wake = () => {
        clearTimeout(timer)
        waiters.delete(wake)
        if (waiters.size === 0 && this.waiters.get(id) === waiters) this.waiters.delete(id)
        resolve()
      }
      const timer = setTimeout(wake, Math.max(0, timeoutMs))
      timer.unref?.()
      waiters.add(wake)
    })
  }

  private decrement(id: string): void {
    const left = (this.counts.get(id) ?? 1) - 1
    if (left > 0) this.counts.set(id, left)
    else this.counts.delete(id)
    const set = this.waiters.get(id)
    if (set) for (const wake of [...set]) wake()
  }
}
