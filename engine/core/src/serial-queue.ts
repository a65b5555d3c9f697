/**
 * Runs tasks one at a time in arrival order. A task that returns synchronously runs at once
 * when the queue is idle, so registrations without async hooks take effect before the next
 * frame is read.
 */
export class SerialQueue {
  private readonly tasks: (() => unknown)[] = []
  private running = false

  constructor(private readonly onError: (err: unknown) => void) {}

  push(task: () => unknown): void {
    this.tasks.push(task)
    if (!this.running) this.drain()
  }

  clear(): void {
    this.tasks.length = 0
  }

  get idle(): boolean {
    return !this.running && this.tasks.length === 0
  }

  private drain(): void {
    this.running = true
    while (this.tasks.length > 0) {
      const task = this.tasks.shift() as () => unknown
      let result: unknown
      try {
        result = task()
      } catch (err) {
        this.onError(err)
        continue
      }
      if (result instanceof Promise) {
        result.catch(this.onError).finally(() => this.drain())
        return
      }
    }
    this.running = false
  }
}
