import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { type PubsubConfig, PubsubConfigSchema, resolvePubsubAdapter } from '../src/index'

function load(raw: unknown): PubsubConfig {
  const value = Value.Default(PubsubConfigSchema, structuredClone(raw))
  const first = Value.Errors(PubsubConfigSchema, value).First()
  if (first) throw new Error(`${first.path}: ${first.message}`)
  return value as PubsubConfig
}

describe('pubsub config', () => {
  it.each([
    [{}, { kind: 'local' }],
    [{ adapter: { name: 'local' } }, { kind: 'local' }],
    [{ adapter: { name: 'memory' } }, { kind: 'local' }],
    [{ adapter: { name: 'redis' } }, { kind: 'redis', redisUrl: 'redis://localhost:6379' }],
    [
      { adapter: { name: 'redis', config: { redis_url: 'redis://127.0.0.1:7001' } } },
      { kind: 'redis', redisUrl: 'redis://127.0.0.1:7001' },
    ],
  ])('%j', (raw, expected) => {
    expect(resolvePubsubAdapter(load(raw))).toEqual(expected)
  })

  it.each([
    [{ adapter: { name: 'kafka' } }, /adapter.name "kafka" is unknown/],
    [
      { adapter: { name: 'local', config: { redis_url: 'x' } } },
      /adapter.config.redis_url: unknown key/,
    ],
    [{ adapter: { name: 'redis', config: { redis_url: 1 } } }, /adapter.config.redis_url/],
  ])('refuses %j', (raw, message) => {
    expect(() => resolvePubsubAdapter(load(raw))).toThrow(message)
  })

  it('the schema refuses unknown keys', () => {
    expect(() => load({ topics: [] })).toThrow(/Unexpected property/)
  })
})
