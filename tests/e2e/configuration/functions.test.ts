import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { type Client, configId, connect, registration, serviceSchema } from './support'

describe('configuration functions', () => {
  let engine: TestEngine
  let client: Client
  const env = { host: `CFG_HOST_${Date.now()}`, port: `CFG_PORT_${Date.now()}` }

  beforeAll(async () => {
    process.env[env.host] = 'db.internal'
    engine = await startTestEngine()
    client = connect(engine)
  })
  afterAll(async () => {
    delete process.env[env.host]
    await client.worker.shutdown()
    await engine.stop()
  })

  it('registers an entry, sets and gets its value', async () => {
    const id = configId()
    const entry = await client.call(
      'configuration::register',
      registration(id, { initial_value: { host: 'a', port: 1 }, metadata: { team: 'core' } }),
    )
    expect(entry).toEqual({
      id,
      name: `Service ${id}`,
      description: 'where the service listens',
      schema: serviceSchema,
      value: { host: 'a', port: 1 },
      metadata: { team: 'core' },
    })
    expect(await client.call('configuration::set', { id, value: { host: 'b', port: 2 } })).toEqual({
      old_value: { host: 'a', port: 1 },
      new_value: { host: 'b', port: 2 },
    })
    expect(await client.call('configuration::get', { id })).toEqual({
      id,
      value: { host: 'b', port: 2 },
    })
    expect(await client.call('configuration::schema', { id })).toEqual({
      id,
      name: `Service ${id}`,
      description: 'where the service listens',
      schema: serviceSchema,
      metadata: { team: 'core' },
    })
  })

  it('register is idempotent: a stored value is kept unless initial_value is given', async () => {
    const id = configId()
    await client.call(
      'configuration::register',
      registration(id, { initial_value: { host: 'first', port: 1 } }),
    )
    await client.call('configuration::set', { id, value: { host: 'changed', port: 2 } })
    const again = await client.call('configuration::register', {
      ...registration(id),
      name: 'Renamed',
    })
    expect(again).toMatchObject({ name: 'Renamed', value: { host: 'changed', port: 2 } })
    expect(await client.call('configuration::schema', { id })).toMatchObject({ name: 'Renamed' })
    const replaced = await client.call(
      'configuration::register',
      registration(id, { initial_value: { host: 'reset', port: 3 } }),
    )
    expect(replaced.value).toEqual({ host: 'reset', port: 3 })
    expect(await client.call('configuration::get', { id })).toEqual({
      id,
      value: { host: 'reset', port: 3 },
    })
  })

  it('an entry registered without a value has none until it is set (NOT_FOUND)', async () => {
    const id = configId()
    const entry = await client.call('configuration::register', registration(id))
    expect(entry.value).toBeNull()
    expect(entry).not.toHaveProperty('metadata')
    const err = await client.fail('configuration::get', { id })
    expect(err.code).toBe('NOT_FOUND')
    await client.call('configuration::set', { id, value: { host: 'h', port: 9 } })
    expect(await client.call('configuration::get', { id })).toEqual({
      id,
      value: { host: 'h', port: 9 },
    })
  })

  it(`keeps \${VAR} placeholders raw and expands them on read unless raw`, async () => {
    const id = configId()
    const value = {
      host: `\${${env.host}}`,
      port: 5432,
      tags: [`\${${env.port}:primary}`, 'plain'],
    }
    await client.call('configuration::register', registration(id, { initial_value: value }))
    expect(await client.call('configuration::get', { id })).toEqual({
      id,
      value: { host: 'db.internal', port: 5432, tags: ['primary', 'plain'] },
    })
    expect(await client.call('configuration::get', { id, raw: true })).toEqual({ id, value })
    expect(await client.call('configuration::get', { id, raw: false })).toMatchObject({
      value: { host: 'db.internal' },
    })
  })

  it('EXPAND_FAILED: set refuses a placeholder without value or default; get fails once the variable is gone', async () => {
    const id = configId()
    const missing = `CFG_MISSING_${Date.now()}`
    await client.call(
      'configuration::register',
      registration(id, { initial_value: { host: 'h', port: 1 } }),
    )
    const refused = await client.fail('configuration::set', {
      id,
      value: { host: `\${${missing}}`, port: 1 },
    })
    expect(refused.code).toBe('EXPAND_FAILED')
    expect(refused.message).toContain(missing)
    expect(await client.call('configuration::get', { id })).toEqual({
      id,
      value: { host: 'h', port: 1 },
    })

    const later = `CFG_LATER_${Date.now()}`
    process.env[later] = 'present'
    await client.call('configuration::set', { id, value: { host: `\${${later}}`, port: 1 } })
    delete process.env[later]
    const err = await client.fail('configuration::get', { id })
    expect(err.code).toBe('EXPAND_FAILED')
    expect(await client.call('configuration::get', { id, raw: true })).toEqual({
      id,
      value: { host: `\${${later}}`, port: 1 },
    })
  })

  it('lists entries sorted by id, without values, built-in workers included', async () => {
    const ids = [configId('zz'), configId('aa'), configId('mm')]
    for (const id of ids)
      await client.call(
        'configuration::register',
        registration(id, { initial_value: { host: 'x', port: 1 } }),
      )
    const { configurations } = await client.call('configuration::list', {})
    const listed = configurations.map((c: { id: string }) => c.id)
    expect(listed).toEqual([...listed].sort())
    expect(listed).toEqual(
      expect.arrayContaining([
        ...ids,
        'iii-state',
        'iii-http',
        'iii-queue',
        'iii-worker-manager',
        'configuration',
      ]),
    )
    expect(listed).not.toContain('iii-engine-functions')
    for (const c of configurations)
      expect(Object.keys(c).sort()).toEqual(['description', 'id', 'metadata', 'name', 'schema'])
    expect(configurations.find((c: { id: string }) => c.id === ids[0]).metadata).toBeNull()
  })

  it('SCHEMA_INVALID: a bad schema, a value failing it, and a stored value failing a new schema', async () => {
    const id = configId()
    const badSchema = await client.fail(
      'configuration::register',
      registration(id, { schema: { type: 'no-such-type' } }),
    )
    expect(badSchema.code).toBe('SCHEMA_INVALID')
    const notObject = await client.fail(
      'configuration::register',
      registration(id, { schema: 'string' }),
    )
    expect(notObject.code).toBe('SCHEMA_INVALID')
    const badInitial = await client.fail(
      'configuration::register',
      registration(id, { initial_value: { host: 'h', port: 0 } }),
    )
    expect(badInitial).toMatchObject({ code: 'SCHEMA_INVALID' })
    expect(badInitial.message).toMatch(/\/port must be >= 1/)
    expect((await client.fail('configuration::get', { id })).code).toBe('NOT_FOUND')

    await client.call(
      'configuration::register',
      registration(id, { initial_value: { host: 'h', port: 80 } }),
    )
    const badSet = await client.fail('configuration::set', {
      id,
      value: { host: 'h', port: 80, extra: 1 },
    })
    expect(badSet.code).toBe('SCHEMA_INVALID')
    const narrower = {
      ...serviceSchema,
      properties: { ...serviceSchema.properties, port: { type: 'integer', minimum: 1000 } },
    }
    const narrowed = await client.fail(
      'configuration::register',
      registration(id, { schema: narrower }),
    )
    expect(narrowed.code).toBe('SCHEMA_INVALID')
    expect(await client.call('configuration::get', { id })).toEqual({
      id,
      value: { host: 'h', port: 80 },
    })
    expect((await client.call('configuration::schema', { id })).schema).toEqual(serviceSchema)
  })

  it('an unknown id: NOT_REGISTERED for set, NOT_FOUND for get and schema (as the reference)', async () => {
    const id = configId('unknown')
    for (const [fn, input, code] of [
      ['configuration::set', { id, value: 1 }, 'NOT_REGISTERED'],
      ['configuration::get', { id }, 'NOT_FOUND'],
      ['configuration::schema', { id }, 'NOT_FOUND'],
    ] as const) {
      const err = await client.fail(fn, input)
      expect(err.code, fn).toBe(code)
    }
  })

  it.each([
    ['configuration::register', registration('Upper-Case')],
    ['configuration::register', registration('a'.repeat(65))],
    ['configuration::register', registration('')],
    ['configuration::set', { id: 'has space', value: 1 }],
    ['configuration::get', { id: 'iii-worker-manager#1' }],
    ['configuration::schema', { id: 'dots.are.not.allowed' }],
  ])('INVALID_ID: %s %j', async (fn, input) => {
    expect((await client.fail(fn, input)).code).toBe('INVALID_ID')
  })

  it('INVALID_ID: a built-in worker entry cannot be registered', async () => {
    const err = await client.fail('configuration::register', registration('iii-state'))
    expect(err.code).toBe('INVALID_ID')
    expect(err.message).toMatch(/built-in worker/)
  })

  it.each([
    ['configuration::register', { name: 'n', description: 'd', schema: {} }, /\/id/],
    ['configuration::register', { id: 'ok', description: 'd', schema: {} }, /\/name/],
    ['configuration::register', { id: 'ok', name: '', description: 'd', schema: {} }, /\/name/],
    ['configuration::register', { id: 'ok', name: 'n', schema: {} }, /\/description/],
    ['configuration::register', { id: 'ok', name: 'n', description: 'd' }, /\/schema/],
    [
      'configuration::register',
      { id: 'ok', name: 'n', description: 'd', schema: {}, metadata: 'tag' },
      /\/metadata/,
    ],
    ['configuration::register', 'not an object', /\//],
    ['configuration::set', { id: 'ok' }, /\/value/],
    ['configuration::set', { value: 1 }, /\/id/],
    ['configuration::set', { id: 7, value: 1 }, /\/id/],
    ['configuration::get', {}, /\/id/],
    ['configuration::get', { id: 'ok', raw: 'yes' }, /\/raw/],
    ['configuration::get', [1, 2], /\//],
    ['configuration::list', 'everything', /\//],
    ['configuration::schema', { id: ['ok'] }, /\/id/],
  ])('INVALID_ARGUMENTS: %s %j', async (fn, input, where) => {
    const err = await client.fail(fn, input)
    expect(err.code).toBe('INVALID_ARGUMENTS')
    expect(err.message).toMatch(where)
  })
})
