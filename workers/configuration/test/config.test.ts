import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import {
  builtinEntryId,
  type ConfigurationConfig,
  ConfigurationConfigSchema,
  configurationWorker,
  resolveConfigurationAdapter,
} from '../src/index'

const withDefaults = (raw: unknown) =>
  Value.Default(ConfigurationConfigSchema, structuredClone(raw)) as ConfigurationConfig

describe('configuration worker config', () => {
  it('defaults to memory and ttl 0; with a config file on disk, to fs beside the file', () => {
    const config = withDefaults({})
    expect(Value.Check(ConfigurationConfigSchema, config)).toBe(true)
    expect(config).toEqual({ adapter: { name: 'memory' }, ttl_seconds: 0 })
    expect(resolveConfigurationAdapter(config)).toEqual({ kind: 'memory' })
    expect(configurationWorker.fileDefaults?.('/srv/app/config.yaml')).toEqual({
      adapter: { name: 'fs', config: { directory: join('/srv/app', 'config') } },
    })
  })

  it('reads fs (and its file spelling) with directory or file_path', () => {
    const resolve = (adapter: unknown) => resolveConfigurationAdapter(withDefaults({ adapter }))
    expect(resolve({ name: 'fs' })).toEqual({ kind: 'fs', directory: './config' })
    expect(resolve({ name: 'fs', config: { directory: '/tmp/c' } })).toEqual({
      kind: 'fs',
      directory: '/tmp/c',
    })
    expect(resolve({ name: 'file', config: { file_path: '/tmp/d' } })).toEqual({
      kind: 'fs',
      directory: '/tmp/d',
    })
  })

  it('reads the bridge adapter, naming the default bridge when none is given', () => {
    const resolve = (adapter: unknown) => resolveConfigurationAdapter(withDefaults({ adapter }))
    expect(resolve({ name: 'bridge' })).toEqual({ kind: 'bridge', bridge: 'iii-bridge' })
    expect(resolve({ name: 'bridge', config: { bridge: 'core', timeout_ms: 500 } })).toEqual({
      kind: 'bridge',
      bridge: 'core',
      timeoutMs: 500,
    })
  })

  it.each([
    [{ name: 'redis' }, 'adapter.name', /unknown; use memory, fs or bridge/],
    [{ name: 'memory', config: { directory: '/x' } }, 'adapter.config.directory', /unknown key/],
    [{ name: 'fs', config: { directory: 5 } }, 'adapter.config.directory', /expected string/],
    [{ name: 'fs', config: { directory: '/a', file_path: '/b' } }, 'adapter.config', /not both/],
    [
      { name: 'bridge', config: { bridge_url: 'ws://x' } },
      'adapter.config.bridge_url',
      /run an iii-bridge/,
    ],
    [
      { name: 'bridge', config: { timeout_ms: 0 } },
      'adapter.config.timeout_ms',
      /greater or equal/,
    ],
  ])('reports the bad adapter %j at its key', (adapter, key, reason) => {
    const problem = configurationWorker.validate?.(withDefaults({ adapter }))
    expect(problem?.key).toBe(key)
    expect(problem?.reason).toMatch(reason)
  })

  it('refuses a negative ttl and unknown keys through its schema', () => {
    expect(Value.Check(ConfigurationConfigSchema, withDefaults({ ttl_seconds: -1 }))).toBe(false)
    expect(Value.Check(ConfigurationConfigSchema, withDefaults({ ttl: 5 }))).toBe(false)
  })

  it('maps instance names to entry ids', () => {
    expect(builtinEntryId('iii-state')).toBe('iii-state')
    expect(builtinEntryId('iii-worker-manager#1')).toBe('iii-worker-manager-1')
  })
})
