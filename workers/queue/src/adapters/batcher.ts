export const batcherDefaults = {
  /** A batch is sent at once when it reaches this size. */
  maxItems: 256,
} as const

interface Pending<TItem, TResult> {
  item: TItem
  resolve: (result: TResult) => void
  reject: (err: unknown) => void
}

/**
 * Gathers the calls made during one turn of the event loop and runs them as one batch (one
 * store round trip), each call resolving with its own result once the whole batch is stored.
 * Several batches may be in flight at once.
 */
export class Batcher<TItem, TResult> {
  private pending: Pending<TItem, TResult>[] = []
  private scheduled = false

  constructor(
    private readonly runBatch: (items: TItem[]) => Promise<TResult[]>,
    private readonly maxItems: number = batcherDefaults.maxItems,
  ) {}

  push(item: TItem): Promise<TResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      if (this.pending.length >= this.maxItems) this.flush()
      else if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => {
          this.scheduled = false
          this.flush()
        })
      }
    })
  }

  private flush(): void {
    const batch = this.pending
    if (batch.length === 0) return
    this.pending = []
    this.runBatch(batch.map((p) => p.item)).then(
      (results) => {
        for (const [i, p] of batch.entries()) {
          const result = results[i]
          if (result === undefined) p.reject(new Error('batch returned no result for this call'))
          else p.resolve(result)
        }
      },
      (err: unknown) => {
        for (const p of batch) p.reject(err)
      },
    )
  }
}
