/**
 * Queue bench baseline: BullMQ on the same Redis, a no-op processor at the same concurrency, jobs
 * added with the same window, every job checked to run exactly once.
 */
import { Queue, Worker } from 'bullmq'
import IORedis from 'ioredis'
import { readPlan, runChild } from '../../core/child-io'
import { serveSteps } from '../../core/steps'
import { type JobsPlan, JobTally, timeJobs } from './tally'

interface Plan extends JobsPlan {
  redisUrl: string
  concurrency: number[]
  warmupJobs: number
}

async function measure(plan: Plan, concurrency: number, connection: IORedis): Promise<number> {
  const name = `bench-bullmq-c${concurrency}-${process.pid}`
  const queue = new Queue(name, { connection })
  let tally = new JobTally('none', 1)
  const worker = new Worker(name, async (job) => tally.record(job.data), {
    connection,
    concurrency,
  })
  await worker.waitUntilReady()
  const add = (data: unknown) =>
    queue.add('job', data, { removeOnComplete: true, removeOnFail: true }).then((job) => job.id)
  tally = new JobTally(`${name}-warmup`, plan.warmupJobs)
  await timeJobs(tally, { jobs: plan.warmupJobs, window: plan.window }, add)
  tally = new JobTally(`${name}-timed`, plan.jobs)
  const jobsPerSec = await timeJobs(tally, plan, add)
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  return jobsPerSec
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const connection = new IORedis(plan.redisUrl, { maxRetriesPerRequest: null })
  await serveSteps(async (step) => {
    const concurrency = plan.concurrency[step] ?? 1
    return { concurrency, jobsPerSec: await measure(plan, concurrency, connection) }
  })
  connection.disconnect()
})
