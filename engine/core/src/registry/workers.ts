import { keyOf } from '../ids'
import type { ServiceEntry, WorkerRecord } from '../model'

/** Live workers (sessions and built-ins), worker-name leases and services. */
export class WorkerRegistry {
  private readonly byId = new Map<string, WorkerRecord>()
  private readonly leases = new Map<string, WorkerRecord>()
  /** Connections waiting for a name another one holds, oldest first. */
  private readonly waiting = new Map<string, WorkerRecord[]>()
  private readonly services = new Map<string, ServiceEntry>()

  add(worker: WorkerRecord): void {
    this.byId.set(worker.id, worker)
  }

  /**
   * Removes a worker; a name it held passes to the oldest connection waiting for it. Returns the
   * workers that took a name over.
   */
  remove(worker: WorkerRecord): WorkerRecord[] {
    this.byId.delete(worker.id)
    this.unwait(worker)
    const heirs: WorkerRecord[] = []
    for (const [key, holder] of this.leases) {
      if (holder !== worker) continue
      this.leases.delete(key)
      const next = this.waiting.get(key)?.shift()
      if (this.waiting.get(key)?.length === 0) this.waiting.delete(key)
      if (next) {
        this.leases.set(key, next)
        heirs.push(next)
      }
    }
    return heirs
  }

  /** Queues `worker` for the name `(namespace, name)`, which another worker holds. */
  waitForLease(worker: WorkerRecord, namespace: string, name: string): void {
    this.unwait(worker)
    const key = keyOf(namespace, name)
    this.waiting.set(key, [...(this.waiting.get(key) ?? []), worker])
  }

  private unwait(worker: WorkerRecord): void {
    for (const [key, list] of this.waiting) {
      const kept = list.filter((w) => w !== worker)
      if (kept.length === 0) this.waiting.delete(key)
      else if (kept.length !== list.length) this.waiting.set(key, kept)
    }
  }

  get(id: string): WorkerRecord | undefined {
    return this.byId.get(id)
  }

  all(): IterableIterator<WorkerRecord> {
    return this.byId.values()
  }

  get size(): number {
    return this.byId.size
  }

  /** The live holder of `(namespace, name)`, if any. */
  leaseHolder(namespace: string, name: string): WorkerRecord | undefined {
    return this.leases.get(keyOf(namespace, name))
  }

  /** Claims the name lease; releases any other lease the worker held. */
  claimLease(worker: WorkerRecord, namespace: string, name: string): void {
    this.unwait(worker)
    for (const [key, holder] of this.leases) if (holder === worker) this.leases.delete(key)
    this.leases.set(keyOf(namespace, name), worker)
  }

  /** Creates the service entry if it does not exist yet. */
  ensureService(namespace: string, name: string, fields: Partial<ServiceEntry> = {}): ServiceEntry {
    const key = keyOf(namespace, name)
    let entry = this.services.get(key)
    if (!entry) {
      entry = { id: fields.id ?? name, name, namespace }
      this.services.set(key, entry)
    }
    if (fields.description !== undefined) entry.description = fields.description
    if (fields.parent_service_id !== undefined) entry.parent_service_id = fields.parent_service_id
    return entry
  }

  allServices(): IterableIterator<ServiceEntry> {
    return this.services.values()
  }
}
