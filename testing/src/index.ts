export { tsNodeArgs } from './node-ts'
export { freePort } from './ports'
export { deferred, sleep, uniqueName, waitFor } from './wait'
