/** Items handled per event-loop turn by {@link forEachChunked}. */
export const cleanupChunkSize = 256

/**
 * Runs `each` over `items`: the first `chunkSize` now, the rest `chunkSize` per later turn
 * (`setImmediate`), so a connection with a large registration set never stalls the loop on
 * disconnect (issue 12, row 6). A throwing item is reported and the rest still run.
 */
export function forEachChunked<T>(
  items: readonly T[],
  each: (item: T) => void,
  onError: (err: unknown) => void,
): void {
  const run = (start: number) => {
    const end = Math.min(items.length, start + cleanupChunkSize)
    for (let i = start; i < end; i++) {
      try {
        each(items[i] as T)
      } catch (err) {
        onError(err)
      }
    }
    if (end < items.length) setImmediate(run, end)
  }
  run(0)
}
