import { type RedisServer, startRedisServer, uniqueName } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { connect, stateOnly } from './support'

const callsPerWorker = 1000

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

const adapters: [string, () => string][] = [
  ['memory', () => '{ adapter: { name: memory } }'],
  ['redis', () => `{ adapter: { name: redis, config: { redis_url: "${redis.url}" } } }`],
]

describe.each(adapters)('concurrent state::update increments (%s)', (_name, config) => {
  it(`2 workers × ${callsPerWorker} calls end at exactly ${2 * callsPerWorker}, each seeing a distinct count`, async () => {
    await using engine = await startTestEngine({ configText: stateOnly(config()) })
    const clients = [connect(engine), connect(engine)]
    try {
      const scope = uniqueName('counter')
      const op = { type: 'increment', path: 'n', by: 1 }
      const results = await Promise.all(
        clients.flatMap((c) =>
          Array.from({ length: callsPerWorker }, () =>
            c.call<{ new_value: { n: number } }>('state::update', { scope, key: 'k', ops: [op] }),
          ),
        ),
      )
      expect(await clients[0]?.call('state::get', { scope, key: 'k' })).toEqual({
        n: 2 * callsPerWorker,
      })
      // No two updates saw the same value: none read-modify-wrote over another.
      const seen = results.map((r) => r.new_value.n).sort((a, b) => a - b)
      expect(seen).toEqual(Array.from({ length: 2 * callsPerWorker }, (_, i) => i + 1))
    } finally {
      for (const c of clients) await c.worker.shutdown()
    }
  })
})
