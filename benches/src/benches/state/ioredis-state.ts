/** State bench baseline: raw ioredis SET / GET of the same JSON values, same lanes. */
import IORedis from 'ioredis'
import { readPlan, runChild } from '../../core/child-io'
import { type StatePlan, serveStatePlan } from './plan'

interface Plan extends StatePlan {
  redisUrl: string
  prefix: string
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const redis = new IORedis(plan.redisUrl)
  await serveStatePlan(
    {
      set: async (key, value) => {
        await redis.set(`${plan.prefix}:${key}`, JSON.stringify(value))
      },
      get: async (key) => {
        const text = await redis.get(`${plan.prefix}:${key}`)
        return text === null ? null : JSON.parse(text)
      },
    },
    plan,
  )
  redis.disconnect()
})
