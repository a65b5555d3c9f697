import { nowMs } from './stats'

export interface LanesOptions {
  /** Concurrent loops, i.e. operations in flight. */
  lanes: number
  durationMs: number
}

/**
 * Runs `op` in `lanes` concurrent loops until `durationMs` has passed and returns operations per
 * second (operations still in flight at the deadline finish and count).
 */
export async function runLanes(
  options: LanesOptions,
  op: (lane: number, n: number) => Promise<void>,
): Promise<number> {
  let done = 0
  const start = nowMs()
  const end = start + options.durationMs
  const lane = async (index: number) => {
    for (let n = 0; nowMs() < end; n++) {
      await op(index, n)
      done++
    }
  }
  await Promise.all(Array.from({ length: options.lanes }, (_, i) => lane(i)))
  return (done / (nowMs() - start)) * 1000
}
