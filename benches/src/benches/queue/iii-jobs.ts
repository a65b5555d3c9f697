/**
 * Queue bench worker: registers a no-op `bench::job`, enqueues jobs on the named queues through
 * the engine (`TriggerAction.Enqueue`) and reports jobs/s once every job ran exactly once.
 */
import { onStop, readPlan, runChild } from '../../core/child-io'
import { serveSteps } from '../../core/steps'
import { callWhenReady, connectWorker, enqueueAction } from '../ws-invoke/sdk'
import { type JobsPlan, JobTally, timeJobs } from './tally'

interface Plan extends JobsPlan {
  url: string
  queues: string[]
  warmupJobs: number
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const worker = connectWorker('ours', plan.url, 'bench-queue')
  onStop(() => worker.shutdown())
  let tally = new JobTally('none', 1)
  worker.registerFunction('bench::job', async (data: { run?: unknown; seq?: unknown }) => {
    tally.record(data)
    return null
  })
  await callWhenReady(worker, 'engine::queue::list_topics', {})
  await serveSteps(async (step) => {
    const queue = plan.queues[step] ?? 'default'
    const enqueue = (data: unknown) =>
      worker.trigger({
        function_id: 'bench::job',
        payload: data,
        action: enqueueAction('ours', queue),
      })
    tally = new JobTally(`${queue}-warmup`, plan.warmupJobs)
    await timeJobs(tally, { jobs: plan.warmupJobs, window: plan.window }, enqueue)
    tally = new JobTally(`${queue}-timed`, plan.jobs)
    return { queue, jobsPerSec: await timeJobs(tally, plan, enqueue) }
  })
  await worker.shutdown()
})
