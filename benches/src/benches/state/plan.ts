import { isDeepStrictEqual } from 'node:util'
import { runLanes } from '../../core/lanes'
import { serveSteps } from '../../core/steps'

/** What a state child measures: set-then-get pairs, each lane on its own key; one step per level. */
export interface StatePlan {
  inflight: number[]
  durationMs: number
}

/** A store under test: the engine's state worker or raw Redis. */
export interface KeyValue {
  set(key: string, value: unknown): Promise<void>
  get(key: string): Promise<unknown>
}

const sampleValue = (lane: number, n: number) => ({
  lane,
  n,
  name: `user-${lane}`,
  tags: ['a', 'b'],
  score: n * 1.5,
})

/** One set, then a get that must return what was set; two calls. */
async function setThenGet(store: KeyValue, lane: number, n: number): Promise<void> {
  const value = sampleValue(lane, n)
  await store.set(`k${lane}`, value)
  const got = await store.get(`k${lane}`)
  if (!isDeepStrictEqual(got, value))
    throw new Error(
      `get k${lane} returned ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`,
    )
}

/** Checks, warms up, then serves one step per in-flight level: calls/s (set and get each count). */
export async function serveStatePlan(store: KeyValue, plan: StatePlan): Promise<void> {
  await setThenGet(store, 0, -1)
  if ((await store.get('never-set')) !== null) throw new Error('a missing key must read as null')
  await runLanes({ lanes: 8, durationMs: Math.min(300, plan.durationMs) }, (lane, n) =>
    setThenGet(store, lane, n),
  )
  await serveSteps(async (step) => {
    const inflight = plan.inflight[step] ?? 1
    const pairsPerSec = await runLanes(
      { lanes: inflight, durationMs: plan.durationMs },
      (lane, n) => setThenGet(store, lane, n),
    )
    return { inflight, callsPerSec: pairsPerSec * 2 }
  })
}
