export { tsNodeArgs } from './node-ts'
export { freePort } from './ports'
export { type RedisServer, startRedisServer } from './redis'
export { deferred, sleep, uniqueName, waitFor } from './wait'
