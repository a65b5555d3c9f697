/** State bench worker: only `state::set`, each lane on its own keys, one step per in-flight level. */
import { onStop, readPlan, runChild } from '../../core/child-io'
import { runLanes } from '../../core/lanes'
import { serveSteps } from '../../core/steps'
import { callWhenReady, connectWorker } from '../ws-invoke/sdk'

export interface SetPlan {
  url: string
  scope: string
  inflight: number[]
  durationMs: number
  /** Keys per lane: lanes cycle over them. */
  keysPerLane: number
}

runChild(async () => {
  const plan = readPlan<SetPlan>()
  const worker = connectWorker('ours', plan.url, 'bench-state-set')
  onStop(() => worker.shutdown())
  await callWhenReady(worker, 'state::get', { scope: plan.scope, key: 'warm' })
  const set = async (lane: number, n: number) => {
    const key = `k${lane}-${n % plan.keysPerLane}`
    const value = { lane, n, name: `user-${lane}`, tags: ['a', 'b'], score: n * 1.5 }
    await worker.trigger({ function_id: 'state::set', payload: { scope: plan.scope, key, value } })
  }
  // The answer is checked once: what was set reads back.
  await set(0, -1)
  const got = (await worker.trigger({
    function_id: 'state::get',
    payload: { scope: plan.scope, key: `k0-${-1 % plan.keysPerLane}` },
  })) as { n?: number } | null
  if (got?.n !== -1) throw new Error(`state::get returned ${JSON.stringify(got)} after a set`)
  await runLanes({ lanes: 8, durationMs: Math.min(300, plan.durationMs) }, set)
  await serveSteps(async (step) => {
    const inflight = plan.inflight[step] ?? 1
    const callsPerSec = await runLanes({ lanes: inflight, durationMs: plan.durationMs }, set)
    return { inflight, callsPerSec }
  })
  await worker.shutdown()
})
