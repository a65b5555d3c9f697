/** Fan-out worker: `n` functions subscribed to one topic, publishes through the engine's `publish`. */
import { onStop, readPlan, runChild } from '../../core/child-io'
import { connectWorker } from '../ws-invoke/sdk'
import { type FanoutPlan, runFanoutPlan } from './plan'

runChild(async () => {
  const plan = readPlan<FanoutPlan & { url: string }>()
  const worker = connectWorker('ours', plan.url, 'bench-fanout')
  onStop(() => worker.shutdown())
  await runFanoutPlan(
    {
      async subscribe(topic, count, deliver) {
        for (let i = 0; i < count; i++) {
          const function_id = `bench::sub::${topic}::${i}`
          worker.registerFunction(function_id, async (data) => {
            deliver(i, data)
            return null
          })
          worker.registerTrigger({ type: 'subscribe', function_id, config: { topic } })
        }
      },
      async publish(topic, data) {
        await worker.trigger({ function_id: 'publish', payload: { topic, data } })
      },
    },
    plan,
  )
  await worker.shutdown()
})
