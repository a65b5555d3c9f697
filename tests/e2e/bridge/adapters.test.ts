import { uniqueName } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEngine } from '../../src/engine'
import { bridgeEntry, bridgeUp, type Client, configWith, connect, engineWith } from './support'

const onRemote =
  '  - name: iii-state\n  - name: iii-stream\n    config: { port: 0 }\n  - name: configuration\n    config: { adapter: { name: memory } }\n'
const throughBridge = [
  '  - name: iii-state\n    config: { adapter: { name: bridge, config: { bridge: iii-bridge } } }\n',
  '  - name: iii-stream\n    config: { port: 0, adapter: { name: bridge } }\n',
  '  - name: configuration\n    config: { adapter: { name: bridge } }\n',
].join('')

describe('state, stream and configuration kept on B through the bridge adapter', () => {
  let b: TestEngine
  let a: TestEngine
  let onA: Client
  let onB: Client

  beforeAll(async () => {
    b = await engineWith(configWith(onRemote))
    a = await engineWith(configWith(bridgeEntry({ url: b.url }) + throughBridge))
    await bridgeUp(a)
    onA = connect(a)
    onB = connect(b)
  })
  afterAll(async () => {
    await onA?.close()
    await onB?.close()
    await a?.stop()
    await b?.stop()
  })

  it('state: set, overwrite, get, missing item, delete, list', async () => {
    const scope = uniqueName('scope')
    await expect(onA.call('state::set', { scope, key: 'k1', value: { n: 1 } })).resolves.toEqual({
      old_value: null,
      new_value: { n: 1 },
    })
    await expect(onA.call('state::set', { scope, key: 'k1', value: { n: 2 } })).resolves.toEqual({
      old_value: { n: 1 },
      new_value: { n: 2 },
    })
    await expect(onA.call('state::get', { scope, key: 'k1' })).resolves.toEqual({ n: 2 })
    // The value lives on B.
    await expect(onB.call('state::get', { scope, key: 'k1' })).resolves.toEqual({ n: 2 })
    await expect(onA.call('state::get', { scope, key: 'missing' })).resolves.toBeUndefined()
    await onA.call('state::set', { scope, key: 'k2', value: 'two' })
    const listed = await onA.call<unknown[]>('state::list', { scope })
    expect(listed).toHaveLength(2)
    expect(listed).toEqual(expect.arrayContaining([{ n: 2 }, 'two']))
    await expect(onA.call('state::list_groups', {})).resolves.toMatchObject({
      groups: expect.arrayContaining([scope]),
    })
    await expect(onA.call('state::delete', { scope, key: 'k1' })).resolves.toEqual({ n: 2 })
    await expect(onB.call('state::get', { scope, key: 'k1' })).resolves.toBeUndefined()
    await expect(onA.call('state::delete', { scope, key: 'k1' })).resolves.toBeUndefined()
    await expect(onA.call('state::list', { scope })).resolves.toEqual(['two'])
  })

  it('state: update ops run atomically on B', async () => {
    const scope = uniqueName('scope')
    const out = await onA.call('state::update', {
      scope,
      key: 'c',
      ops: [{ type: 'increment', path: 'n', by: 2 }],
    })
    expect(out).toEqual({ old_value: null, new_value: { n: 2 } })
    const bad = await onA.call<{ errors?: unknown[] }>('state::update', {
      scope,
      key: 'c',
      ops: [{ type: 'append', path: 'n', value: 1 }],
    })
    expect(bad.errors?.[0]).toMatchObject({ code: 'append.type_mismatch' })
    await expect(onB.call('state::get', { scope, key: 'c' })).resolves.toEqual({ n: 2 })
  })

  it('stream: set, overwrite, get, missing item, delete, list', async () => {
    const stream_name = uniqueName('stream')
    const at = { stream_name, group_id: 'g' }
    await expect(
      onA.call('stream::set', { ...at, item_id: 'i1', data: { v: 1 } }),
    ).resolves.toEqual({ old_value: null, new_value: { v: 1 } })
    await expect(
      onA.call('stream::set', { ...at, item_id: 'i1', data: { v: 2 } }),
    ).resolves.toEqual({
      old_value: { v: 1 },
      new_value: { v: 2 },
    })
    await expect(onA.call('stream::get', { ...at, item_id: 'i1' })).resolves.toEqual({ v: 2 })
    await expect(onB.call('stream::get', { ...at, item_id: 'i1' })).resolves.toEqual({ v: 2 })
    await expect(onA.call('stream::get', { ...at, item_id: 'nope' })).resolves.toBeUndefined()
    await onA.call('stream::set', { ...at, item_id: 'i2', data: 'two' })
    const items = await onA.call<unknown[]>('stream::list', at)
    expect(items).toHaveLength(2)
    expect(items).toEqual(expect.arrayContaining([{ v: 2 }, 'two']))
    await expect(onA.call('stream::list_groups', { stream_name })).resolves.toEqual(['g'])
    const all = await onA.call<{ stream: { id: string; groups: string[] }[] }>(
      'stream::list_all',
      {},
    )
    expect(all.stream).toContainEqual({ id: stream_name, groups: ['g'] })
    await expect(onA.call('stream::delete', { ...at, item_id: 'i1' })).resolves.toEqual({
      old_value: { v: 2 },
    })
    await expect(onA.call('stream::delete', { ...at, item_id: 'i1' })).resolves.toEqual({
      old_value: null,
    })
    await expect(onB.call('stream::list', at)).resolves.toEqual(['two'])
  })

  it('configuration: an entry registered on A is stored on B and read back', async () => {
    const id = uniqueName('shared').toLowerCase()
    const schema = { type: 'object', properties: { size: { type: 'integer' } } }
    await onA.call('configuration::register', {
      id,
      name: 'Shared',
      description: 'kept on B',
      schema,
      initial_value: { size: 1 },
    })
    await expect(onB.call('configuration::get', { id })).resolves.toEqual({
      id,
      value: { size: 1 },
    })
    await onA.call('configuration::set', { id, value: { size: 2 } })
    await expect(onA.call('configuration::get', { id })).resolves.toEqual({
      id,
      value: { size: 2 },
    })
    await expect(onB.call('configuration::get', { id })).resolves.toEqual({
      id,
      value: { size: 2 },
    })
    const bad = await onA.fail('configuration::set', { id, value: { size: 'big' } })
    expect(bad.code).toBe('SCHEMA_INVALID')
    const { configurations } = await onA.call<{ configurations: { id: string }[] }>(
      'configuration::list',
      {},
    )
    expect(configurations.map((c) => c.id)).toContain(id)
    const missing = await onA.fail('configuration::get', { id: 'no-such-entry' })
    expect(missing.code).toBe('NOT_FOUND')
  })
})
