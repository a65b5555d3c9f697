import 'vitest'
import type { TestProject } from 'vitest/node'
import { startRedisServer } from './redis'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
  }
}

/**
 * vitest global setup: one private redis-server per test run. Tests read its URL with
 * `inject('redisUrl')`. Use it in a package's vitest config: `globalSetup: ['@iii/testing/redis-setup']`.
 */
export default async function setup(project: TestProject) {
  const server = await startRedisServer()
  project.provide('redisUrl', server.url)
  return () => server.stop()
}
