export {
  type CronConfig,
  CronConfigSchema,
  chooseLocks,
  cronDefaults,
  type LockChoice,
} from './config'
export { type CronExpression, cronJobId, InvalidCronError, parseCronExpression } from './expression'
export { type CronLocks, MemoryCronLocks, RedisCronLocks } from './locks'
export { type CronPayload, nextCronRuns } from './schedule'
export { cronWorker } from './worker'
