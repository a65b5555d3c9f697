import { uniqueName } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { bindConfiguration, type Client, connect, recorder } from './support'

const bigValue = { text: 'x'.repeat(200) }

describe('runtime configuration of built-in workers', () => {
  let engine: TestEngine
  let client: Client

  beforeAll(async () => {
    engine = await startTestEngine({
      configText: 'workers:\n  - name: iii-state\n    config: { max_value_bytes: 1000 }\n',
    })
    client = connect(engine)
  })
  afterAll(async () => {
    await client.worker.shutdown()
    await engine.stop()
  })

  it('registers an entry per running built-in with its JSON schema and effective config', async () => {
    const { configurations } = await client.call('configuration::list', {})
    const state = configurations.find((c: { id: string }) => c.id === 'iii-state')
    expect(state).toMatchObject({
      name: 'iii-state',
      metadata: { builtin: true, worker: 'iii-state' },
    })
    expect(state.schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { max_value_bytes: { type: 'integer', minimum: 1 } },
    })
    expect(await client.call('configuration::get', { id: 'iii-state' })).toEqual({
      id: 'iii-state',
      value: {
        adapter: { name: 'memory' },
        triggers_enabled: true,
        max_value_bytes: 1000,
        save_interval_ms: 5000,
      },
    })
    expect(configurations.map((c: { id: string }) => c.id)).not.toContain('iii-http')
  })

  it('configuration::set restarts the worker with the new config and fires configuration:updated', async () => {
    const fn = uniqueName('on-builtin')
    const events = recorder()
    await client.expose(fn, events.handler)
    await bindConfiguration(client, fn, { configuration_id: 'iii-state' })
    const scope = uniqueName('scope')
    await client.call('state::set', { scope, key: 'k', value: bigValue })

    const current = (await client.call('configuration::get', { id: 'iii-state' })).value
    const result = await client.call('configuration::set', {
      id: 'iii-state',
      value: { ...current, max_value_bytes: 100 },
    })
    expect(result).toEqual({ old_value: current, new_value: { ...current, max_value_bytes: 100 } })
    expect((engine.host.configOf('iii-state') as { max_value_bytes: number }).max_value_bytes).toBe(
      100,
    )
    expect((await client.fail('state::set', { scope, key: 'k2', value: bigValue })).code).toBe(
      'VALUE_TOO_LARGE',
    )
    await events.waitForCount(1)
    expect(events.seen[0]).toMatchObject({
      event_type: 'configuration:updated',
      id: 'iii-state',
      old_value: { max_value_bytes: 1000 },
      new_value: { max_value_bytes: 100 },
    })

    // Defaults fill what the value leaves out, as in the config file.
    const partial = await client.call('configuration::set', {
      id: 'iii-state',
      value: { max_value_bytes: 5000 },
    })
    expect(partial.new_value).toEqual({
      adapter: { name: 'memory' },
      triggers_enabled: true,
      max_value_bytes: 5000,
      save_interval_ms: 5000,
    })
    await client.call('state::set', { scope, key: 'k3', value: bigValue })
    expect(engine.config.workers.find((w) => w.instanceName === 'iii-state')?.config).toMatchObject(
      { max_value_bytes: 1000 },
    )
  })

  it('refuses a value that fails the schema (SCHEMA_INVALID); the old config keeps running', async () => {
    await client.call('configuration::set', { id: 'iii-state', value: { max_value_bytes: 100 } })
    const worker = engine.host.get('iii-state')
    for (const value of [
      { max_value_bytes: 0 },
      { max_value_bytes: 'big' },
      { unknown_key: true },
      'not an object',
    ]) {
      const err = await client.fail('configuration::set', { id: 'iii-state', value })
      expect(err.code, JSON.stringify(value)).toBe('SCHEMA_INVALID')
      expect(err.message).toMatch(/iii-state: /)
    }
    expect(engine.host.get('iii-state')).toBe(worker)
    expect((await client.call('configuration::get', { id: 'iii-state' })).value).toMatchObject({
      max_value_bytes: 100,
    })
    expect((await client.fail('state::set', { scope: 's', key: 'k', value: bigValue })).code).toBe(
      'VALUE_TOO_LARGE',
    )
  })

  it('refuses a config the worker cannot start with (APPLY_FAILED); the old config runs again', async () => {
    const err = await client.fail('configuration::set', {
      id: 'iii-state',
      value: { adapter: { name: 'no-such-adapter' } },
    })
    expect(err.code).toBe('APPLY_FAILED')
    expect(err.message).toMatch(/no-such-adapter.*the previous config keeps running/)
    expect((await client.call('configuration::get', { id: 'iii-state' })).value).toMatchObject({
      adapter: { name: 'memory' },
      max_value_bytes: 100,
    })
    expect((await client.fail('state::set', { scope: 's', key: 'k', value: bigValue })).code).toBe(
      'VALUE_TOO_LARGE',
    )
    await client.call('state::set', { scope: 's', key: 'small', value: 1 })
  })

  it('the configuration worker cannot restart itself from its own call', async () => {
    const err = await client.fail('configuration::set', {
      id: 'configuration',
      value: { ttl_seconds: 5 },
    })
    expect(err.code).toBe('APPLY_FAILED')
    expect((await client.call('configuration::get', { id: 'configuration' })).value).toEqual({
      adapter: { name: 'memory' },
      ttl_seconds: 0,
    })
  })
})

describe('built-in entry ids', () => {
  it('maps instance names with # to ids with -', async () => {
    const engine = await startTestEngine({
      configText:
        'workers:\n  - name: iii-worker-manager\n  - name: iii-worker-manager\n    config: { port: 0 }\n',
    })
    const client = connect(engine)
    try {
      const { configurations } = await client.call('configuration::list', {})
      const ids = configurations.map((c: { id: string }) => c.id)
      expect(ids).toEqual(expect.arrayContaining(['iii-worker-manager', 'iii-worker-manager-1']))
      expect(configurations.find((c: { id: string }) => c.id === 'iii-worker-manager-1').name).toBe(
        'iii-worker-manager#1',
      )
      expect(
        (await client.call('configuration::get', { id: 'iii-worker-manager-1' })).value,
      ).toMatchObject({ port: 0 })
    } finally {
      await client.worker.shutdown()
      await engine.stop()
    }
  })
})
