/**
 * Function ids the engine's own configuration depends on: a listener's auth function, middleware
 * and registration hooks, the stream worker's `auth_function`. Only connections of a listener
 * without RBAC, or whose grant sets `allow_reserved_function_registration`, may register them
 * (issue 12, row 1: a tenant must not become the gate).
 */
export class ReservedFunctions {
  /** Each reserved id and the built-in instances (by name) that reserved it. */
  private readonly owners = new Map<string, Set<string>>()

  /** Reserves `id` for as long as the instance `owner` runs. */
  reserve(id: string, owner: string): void {
    let set = this.owners.get(id)
    if (!set) {
      set = new Set()
      this.owners.set(id, set)
    }
    set.add(owner)
  }

  has(id: string): boolean {
    return this.owners.has(id)
  }

  /** The instances that reserved `id`, for the log line of a refusal. */
  reservedBy(id: string): string[] {
    return [...(this.owners.get(id) ?? [])]
  }

  /** The instance stopped: what it reserved is free again (unless another one reserved it too). */
  releaseOwner(owner: string): void {
    for (const [id, set] of this.owners) {
      set.delete(owner)
      if (set.size === 0) this.owners.delete(id)
    }
  }

  /** Every reserved id, sorted. */
  list(): string[] {
    return [...this.owners.keys()].sort()
  }
}
