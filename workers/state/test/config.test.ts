import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { resolveStateAdapter, type StateConfig, StateConfigSchema } from '../src/index'

/** The config as the engine's loader builds it: defaults applied, then checked. */
function load(raw: unknown): StateConfig {
  const value = Value.Default(StateConfigSchema, structuredClone(raw))
  const first = Value.Errors(StateConfigSchema, value).First()
  if (first) throw new Error(`${first.path}: ${first.message}`)
  return value as StateConfig
}

describe('state config', () => {
  it('defaults to memory with triggers on and no size cap', () => {
    const config = load({})
    expect(config).toEqual({
      adapter: { name: 'memory' },
      triggers_enabled: true,
      save_interval_ms: 5000,
    })
    expect(resolveStateAdapter(config)).toEqual({ kind: 'memory' })
  })

  it.each([
    [{ name: 'file' }, { kind: 'file', directory: './data/state_store.db', saveIntervalMs: 5000 }],
    [
      { name: 'file', config: { file_path: '/tmp/s', save_interval_ms: 250 } },
      { kind: 'file', directory: '/tmp/s', saveIntervalMs: 250 },
    ],
    [{ name: 'kv', config: { store_method: 'in_memory' } }, { kind: 'memory' }],
    [
      { name: 'kv', config: { store_method: 'file_based', file_path: '/tmp/kv' } },
      { kind: 'file', directory: '/tmp/kv', saveIntervalMs: 5000 },
    ],
    [{ name: 'redis' }, { kind: 'redis', redisUrl: 'redis://localhost:6379' }],
    [
      { name: 'redis', config: { redis_url: 'redis://127.0.0.1:7000' } },
      { kind: 'redis', redisUrl: 'redis://127.0.0.1:7000' },
    ],
    [{ name: 'bridge' }, { kind: 'bridge', bridge: 'iii-bridge' }],
    [
      { name: 'bridge', config: { bridge: 'core', timeout_ms: 500 } },
      { kind: 'bridge', bridge: 'core', timeoutMs: 500 },
    ],
  ])('adapter %j', (adapter, expected) => {
    expect(resolveStateAdapter(load({ adapter }))).toEqual(expected)
  })

  it('takes the top-level save_interval_ms when the adapter has none', () => {
    expect(
      resolveStateAdapter(load({ adapter: { name: 'file' }, save_interval_ms: 1000 })),
    ).toMatchObject({ saveIntervalMs: 1000 })
  })

  it.each([
    [{ name: 'mongo' }, /adapter.name "mongo" is unknown/],
    [{ name: 'memory', config: { file_path: 'x' } }, /adapter.config.file_path: unknown key/],
    [{ name: 'redis', config: { url: 'redis://x' } }, /adapter.config.url: unknown key/],
    [{ name: 'file', config: { save_interval_ms: 10 } }, /adapter.config.save_interval_ms/],
    [{ name: 'kv', config: { store_method: 'on_disk' } }, /adapter.config.store_method/],
    [{ name: 'redis', config: { redis_url: 42 } }, /adapter.config.redis_url/],
    [
      { name: 'bridge', config: { bridge_url: 'ws://x' } },
      /adapter.config.bridge_url: not supported; run an iii-bridge/,
    ],
    [{ name: 'bridge', config: { redis_url: 'x' } }, /adapter.config.redis_url: unknown key/],
  ])('refuses adapter %j', (adapter, message) => {
    expect(() => resolveStateAdapter(load({ adapter }))).toThrow(message)
  })

  it.each([
    [{ max_value_bytes: 0 }, /max_value_bytes/],
    [{ triggers_enabled: 'yes' }, /triggers_enabled/],
    [{ save_interval_ms: 50 }, /save_interval_ms/],
    [{ colour: 'red' }, /colour|Unexpected property/],
    [{ adapter: { name: 'memory', extra: 1 } }, /adapter/],
  ])('the schema refuses %j', (raw, message) => {
    expect(() => load(raw)).toThrow(message)
  })
})
