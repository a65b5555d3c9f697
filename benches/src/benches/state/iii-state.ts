/** State bench worker: `state::set` / `state::get` through the engine with our iii-sdk. */
import { onStop, readPlan, runChild } from '../../core/child-io'
import { callWhenReady, connectWorker } from '../ws-invoke/sdk'
import { type StatePlan, serveStatePlan } from './plan'

interface Plan extends StatePlan {
  url: string
  scope: string
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const worker = connectWorker('ours', plan.url, 'bench-state')
  onStop(() => worker.shutdown())
  await callWhenReady(worker, 'state::get', { scope: plan.scope, key: 'warm' })
  await serveStatePlan(
    {
      set: async (key, value) => {
        await worker.trigger({
          function_id: 'state::set',
          payload: { scope: plan.scope, key, value },
        })
      },
      get: (key) =>
        worker.trigger({ function_id: 'state::get', payload: { scope: plan.scope, key } }),
    },
    plan,
  )
  await worker.shutdown()
})
