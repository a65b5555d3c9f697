// Brings in the `redisUrl` entry of vitest's ProvidedContext (declared by the global setup).
import type {} from '@iii/testing/redis-setup'
import { inject } from 'vitest'

/** URL of the private redis-server that vitest's global setup started for this run. */
export const testRedisUrl = (): string => inject('redisUrl')
