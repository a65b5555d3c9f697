import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RedisServer, startRedisServer, uniqueName } from '@iii/testing'
import { afterAll, beforeAll } from 'vitest'
import type { QueueFixture } from './harness'

/** The memory adapter (the default). */
export const memoryFixture = (): QueueFixture => ({
  name: 'memory',
  persistent: false,
  adapter: () => ({ name: 'memory' }),
})

/** The file adapter: a temporary root, one directory per store name (removed after the file's tests). */
export function fileFixture(): QueueFixture {
  const root = mkdtempSync(join(tmpdir(), 'iii-e2e-queue-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  return {
    name: 'file',
    persistent: true,
    adapter: (store) => ({
      name: 'file',
      config: { file_path: join(root, store ?? uniqueName('store')) },
    }),
  }
}

/** The Redis adapter on a private redis-server for this test file; every engine shares it. */
export function redisFixture(): QueueFixture & { url(): string } {
  let server: RedisServer | undefined
  beforeAll(async () => {
    server = await startRedisServer()
  })
  afterAll(() => server?.stop())
  const url = () => {
    if (!server) throw new Error('redis-server is not running')
    return server.url
  }
  return {
    name: 'redis',
    persistent: true,
    url,
    adapter: () => ({ name: 'redis', config: { redis_url: url() } }),
  }
}
