import { uniqueName } from '@iii/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type Client, connect, stateOnly } from './support'

const maxValueBytes = 1024

describe('state functions', () => {
  let engine: TestEngine
  let client: Client

  beforeAll(async () => {
    engine = await startTestEngine({
      configText: stateOnly(`{ max_value_bytes: ${maxValueBytes} }`),
    })
    client = connect(engine)
  })
  afterAll(async () => {
    await client.worker.shutdown()
    await engine.stop()
  })

  it('set, get, delete, list and list_groups answer as specified', async () => {
    const [scope, other] = [uniqueName('a'), uniqueName('b')]
    expect(await client.call('state::get', { scope, key: 'k' })).toBeUndefined()
    expect(await client.call('state::set', { scope, key: 'k', value: { v: 1 } })).toEqual({
      old_value: null,
      new_value: { v: 1 },
    })
    expect(await client.call('state::set', { scope, key: 'k', value: { v: 2 } })).toEqual({
      old_value: { v: 1 },
      new_value: { v: 2 },
    })
    expect(await client.call('state::set', { scope, key: 'j', data: [1, 2] })).toEqual({
      old_value: null,
      new_value: [1, 2],
    })
    expect(await client.call('state::set', { scope: other, key: 'n', value: null })).toEqual({
      old_value: null,
      new_value: null,
    })
    expect(await client.call('state::get', { scope, key: 'k' })).toEqual({ v: 2 })
    expect((await client.call<unknown[]>('state::list', { scope })).length).toBe(2)
    expect(await client.call('state::list', { scope })).toEqual(
      expect.arrayContaining([{ v: 2 }, [1, 2]]),
    )
    const { groups } = await client.call<{ groups: string[] }>('state::list_groups', {})
    expect(groups).toEqual([...groups].sort())
    expect(groups).toEqual(expect.arrayContaining([scope, other]))
    expect(await client.call('state::delete', { scope, key: 'k' })).toEqual({ v: 2 })
    expect(await client.call('state::delete', { scope, key: 'k' })).toBeUndefined()
    expect(await client.call('state::get', { scope, key: 'k' })).toBeUndefined()
  })

  it('update reports failing ops with their codes and keeps the rest', async () => {
    const scope = uniqueName('u')
    expect(
      await client.call('state::update', {
        scope,
        key: 'k',
        ops: [{ type: 'increment', path: 'n', by: 2 }],
      }),
    ).toEqual({
      old_value: null,
      new_value: { n: 2 },
    })
    const result = await client.call('state::update', {
      scope,
      key: 'k',
      ops: [
        { type: 'append', path: 'n', value: 1 },
        { type: 'merge', path: ['m', 'x'], value: { a: 1 } },
        { type: 'decrement', path: 'n', by: 5 },
      ],
    })
    expect(result).toEqual({
      old_value: { n: 2 },
      new_value: { n: -3, m: { x: { a: 1 } } },
      errors: [
        {
          op_index: 0,
          code: 'append.type_mismatch',
          message: expect.stringContaining('number'),
          doc_url: expect.any(String),
        },
      ],
    })
  })

  it('refuses prototype pollution with the op’s error code and stores nothing of it', async () => {
    const scope = uniqueName('proto')
    const ops = JSON.parse(`[
      {"type":"set","path":"__proto__","value":{"polluted":true}},
      {"type":"merge","value":{"__proto__":{"polluted":true}}},
      {"type":"merge","path":["a","constructor"],"value":{"polluted":true}},
      {"type":"merge","value":{"constructor":{"prototype":{"polluted":true}}}},
      {"type":"increment","path":"prototype","by":1},
      {"type":"decrement","path":"constructor","by":1},
      {"type":"append","path":["x","__proto__"],"value":1},
      {"type":"remove","path":"__proto__"},
      {"type":"set","path":"safe","value":1}
    ]`)
    const result = await client.call('state::update', { scope, key: 'k', ops })
    expect(
      result.errors.map((e: { op_index: number; code: string }) => [e.op_index, e.code]),
    ).toEqual([
      [0, 'set.path.proto_polluted'],
      [1, 'merge.value.proto_polluted'],
      [2, 'merge.path.proto_polluted'],
      [3, 'merge.value.proto_polluted'],
      [4, 'increment.path.proto_polluted'],
      [5, 'decrement.path.proto_polluted'],
      [6, 'append.path.proto_polluted'],
      [7, 'remove.path.proto_polluted'],
    ])
    expect(result.new_value).toEqual({ safe: 1 })
    expect(({} as any).polluted).toBeUndefined()
  })

  it('keeps a __proto__ key inside a set value as plain data', async () => {
    const scope = uniqueName('proto-set')
    const value = JSON.parse('{"__proto__":{"polluted":true},"ok":1}')
    await client.call('state::set', { scope, key: 'k', value })
    const read = await client.call('state::get', { scope, key: 'k' })
    expect(JSON.stringify(read)).toBe('{"__proto__":{"polluted":true},"ok":1}')
    expect(({} as any).polluted).toBeUndefined()
  })

  it('refuses values over max_value_bytes on set and update, keeping the previous value', async () => {
    const scope = uniqueName('big')
    const fits = 'x'.repeat(maxValueBytes - 2) // plus two quotes: exactly the cap
    await client.call('state::set', { scope, key: 'k', value: fits })
    const tooBig = await client.fail('state::set', { scope, key: 'k', value: `${fits}y` })
    expect(tooBig.code).toBe('VALUE_TOO_LARGE')
    expect(tooBig.message).toContain(`max_value_bytes is ${maxValueBytes}`)
    expect(await client.call('state::get', { scope, key: 'k' })).toBe(fits)
    await client.call('state::set', { scope, key: 'o', value: { s: '' } })
    const grown = await client.fail('state::update', {
      scope,
      key: 'o',
      ops: [{ type: 'append', path: 's', value: fits }],
    })
    expect(grown.code).toBe('VALUE_TOO_LARGE')
    expect(await client.call('state::get', { scope, key: 'o' })).toEqual({ s: '' })
  })

  const badInput: [string, unknown, RegExp][] = [
    ['state::set', { key: 'k', value: 1 }, /scope/],
    ['state::set', { scope: 7, key: 'k', value: 1 }, /scope/],
    ['state::set', { scope: '', key: 'k', value: 1 }, /scope/],
    ['state::set', { scope: 's', value: 1 }, /key/],
    ['state::set', { scope: 's', key: { k: 1 }, value: 1 }, /key/],
    ['state::set', { scope: 's', key: 'k' }, /value is required/],
    ['state::set', 'just a string', /expected object/i],
    ['state::get', { key: 'k' }, /scope/],
    ['state::get', { scope: 's', key: 3 }, /key/],
    ['state::get', [1, 2], /expected object/i],
    ['state::delete', { scope: 's' }, /key/],
    ['state::delete', { scope: null, key: 'k' }, /scope/],
    ['state::update', { key: 'k', ops: [] }, /scope/],
    ['state::update', { scope: 's', key: 'k' }, /\/ops/],
    ['state::update', { scope: 's', key: 'k', ops: { type: 'set' } }, /ops must be an array/],
    [
      'state::update',
      { scope: 's', key: 'k', ops: [{ type: 'explode' }] },
      /ops\[0\]\.type "explode" is unknown/,
    ],
    [
      'state::update',
      { scope: 's', key: 'k', ops: [{ type: 'increment', path: 'n', by: 'one' }] },
      /ops\[0\]\.by must be an integer/,
    ],
    [
      'state::update',
      { scope: 's', key: 'k', ops: [{ type: 'set', path: 1, value: 1 }] },
      /ops\[0\]\.path must be a string/,
    ],
    ['state::update', { scope: 's', key: 'k', ops: ['set'] }, /ops\[0\] must be an object/],
    ['state::list', {}, /scope/],
    ['state::list', { scope: false }, /scope/],
  ]
  it.each(badInput)('%s refuses %j with INVALID_ARGUMENTS', async (fn, payload, message) => {
    const err = await client.fail(fn, payload)
    expect(err.code).toBe('INVALID_ARGUMENTS')
    expect(err.message).toMatch(message)
  })

  it('a refused update changes nothing', async () => {
    const scope = uniqueName('atomic')
    await client.call('state::set', { scope, key: 'k', value: { n: 1 } })
    await client.fail('state::update', {
      scope,
      key: 'k',
      ops: [{ type: 'increment', path: 'n', by: 1 }, { type: 'nope' }],
    })
    expect(await client.call('state::get', { scope, key: 'k' })).toEqual({ n: 1 })
  })
})

describe('state config errors stop the engine from starting', () => {
  it.each([
    ['{ adapter: { name: mongo } }', /adapter.name "mongo" is unknown/],
    [
      '{ adapter: { name: redis, config: { url: "redis://x" } } }',
      /adapter.config.url: unknown key/,
    ],
    ['{ adapter: { name: kv, config: { store_method: on_disk } } }', /store_method/],
    ['{ max_value_bytes: -1 }', /max_value_bytes/],
    ['{ colour: red }', /colour/],
  ])('%s', async (config, message) => {
    await expect(startTestEngine({ configText: stateOnly(config) })).rejects.toThrow(message)
  })
})
