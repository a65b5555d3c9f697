/**
 * Bench-only baseline: the state file adapter as it was before the write-ahead log. Writes are
 * acknowledged from memory; every `saveIntervalMs` each changed scope is rewritten whole (temp
 * file, fsync, rename). A crash loses up to one interval of acknowledged writes. It exists only
 * to measure what the write-ahead log costs; the engine no longer has it.
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { writeAtomic } from '@iii/storage'
import { MemoryStateStore } from '@iii/worker-state'

export class PeriodicFlushStateStore extends MemoryStateStore {
  private readonly dirty = new Set<string>()
  private readonly timer: NodeJS.Timeout
  private flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly directory: string,
    saveIntervalMs: number,
  ) {
    super()
    mkdirSync(directory, { recursive: true })
    this.timer = setInterval(() => void this.flush(), saveIntervalMs)
    this.timer.unref()
  }

  protected override put(scope: string, key: string, value: unknown): unknown {
    this.dirty.add(scope)
    return super.put(scope, key, value)
  }

  protected override remove(scope: string, key: string): unknown {
    this.dirty.add(scope)
    return super.remove(scope, key)
  }

  override async close(): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
  }

  /** Rewrites every changed scope as one JSON file. */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const scopes = [...this.dirty]
      this.dirty.clear()
      for (const scope of scopes) {
        const values = Object.fromEntries(this.scopes.get(scope) ?? [])
        const name = createHash('sha256').update(scope).digest('hex').slice(0, 40)
        await writeAtomic(join(this.directory, `${name}.json`), JSON.stringify({ scope, values }))
      }
    })
    return this.flushing
  }
}
