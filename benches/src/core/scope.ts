import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Child, type SpawnOptions } from './child'

/**
 * What one bench started: child processes, temp dirs, other cleanups. The runner closes it after
 * the bench, pass or fail, so no process outlives its bench.
 */
export class Scope {
  private readonly children = new Set<Child>()
  private readonly cleanups: (() => Promise<void> | void)[] = []

  /** Starts a child process owned by this scope. */
  spawn(options: SpawnOptions): Child {
    const child = new Child(options)
    this.children.add(child)
    return child
  }

  /** Stops one child now (e.g. before the next phase of a bench). */
  async stop(child: Child): Promise<void> {
    await child.stop()
    this.children.delete(child)
  }

  /** A fresh temp directory, removed when the scope closes. */
  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `iii-bench-${prefix}-`))
    this.defer(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }

  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup)
  }

  /** Stops every child (in reverse start order) and runs the cleanups. */
  async close(): Promise<void> {
    for (const child of [...this.children].reverse()) await child.stop()
    this.children.clear()
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch {
        // best effort: a failed cleanup must not hide the bench's own result
      }
    }
  }
}
