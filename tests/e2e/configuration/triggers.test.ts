import { sleep, uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import {
  bindConfiguration,
  type Client,
  configId,
  connect,
  recorder,
  registration,
  serviceSchema,
} from './support'

describe('configuration trigger', () => {
  let engine: TestEngine
  let client: Client
  const hostVar = `CFG_TRIGGER_HOST_${Date.now()}`

  beforeAll(async () => {
    process.env[hostVar] = 'expanded.internal'
    engine = await startTestEngine()
    client = connect(engine)
  })
  afterAll(async () => {
    delete process.env[hostVar]
    await client.worker.shutdown()
    await engine.stop()
  })

  it('fires registered and updated with expanded values; reads and unchanged writes never fire', async () => {
    const id = configId()
    const fn = uniqueName('on-config')
    const events = recorder()
    await client.expose(fn, events.handler)
    await bindConfiguration(client, fn, { configuration_id: id })
    const raw = { host: `\${${hostVar}}`, port: 1 }
    await client.call(
      'configuration::register',
      registration(id, { initial_value: raw, metadata: { team: 'core' } }),
    )
    await client.call('configuration::get', { id })
    await client.call('configuration::list', {})
    await client.call('configuration::schema', { id })
    await client.call('configuration::register', registration(id, { metadata: { team: 'core' } }))
    await client.call('configuration::set', { id, value: raw })
    await client.call('configuration::set', { id, value: { host: 'plain', port: 2 } })
    await events.waitForCount(2)
    const base = {
      type: 'configuration',
      id,
      name: `Service ${id}`,
      description: 'where the service listens',
      schema: serviceSchema,
      metadata: { team: 'core' },
    }
    expect(events.seen).toEqual([
      {
        ...base,
        event_type: 'configuration:registered',
        old_value: null,
        new_value: { host: 'expanded.internal', port: 1 },
      },
      {
        ...base,
        event_type: 'configuration:updated',
        old_value: { host: 'expanded.internal', port: 1 },
        new_value: { host: 'plain', port: 2 },
      },
    ])
  })

  it('filters by configuration_id and event_types; omitted fields match everything', async () => {
    const [a, b] = [configId('a'), configId('b')]
    const [onlyA, onlyUpdates, everything] = [recorder(), recorder(), recorder()]
    const fns = [
      uniqueName('only-a'),
      uniqueName('only-updates'),
      uniqueName('everything'),
    ] as const
    await client.expose(fns[0], onlyA.handler)
    await client.expose(fns[1], onlyUpdates.handler)
    await client.expose(fns[2], everything.handler)
    await bindConfiguration(client, fns[0], { configuration_id: a })
    await bindConfiguration(client, fns[1], { event_types: ['configuration:updated'] })
    await bindConfiguration(client, fns[2], {})
    await client.call(
      'configuration::register',
      registration(a, { initial_value: { host: 'a', port: 1 } }),
    )
    await client.call(
      'configuration::register',
      registration(b, { initial_value: { host: 'b', port: 1 } }),
    )
    await client.call('configuration::set', { id: b, value: { host: 'b', port: 2 } })
    await client.call('configuration::set', { id: a, value: { host: 'a', port: 2 } })
    await everything.waitForCount(4)
    await onlyUpdates.waitForCount(2)
    await onlyA.waitForCount(2)
    const summary = (seen: { id: string; event_type: string }[]) =>
      seen
        .filter((e) => e.id === a || e.id === b)
        .map((e) => `${e.event_type.split(':')[1]} ${e.id === a ? 'a' : 'b'}`)
    expect(summary(everything.seen)).toEqual([
      'registered a',
      'registered b',
      'updated b',
      'updated a',
    ])
    expect(summary(onlyUpdates.seen)).toEqual(['updated b', 'updated a'])
    expect(summary(onlyA.seen)).toEqual(['registered a', 'updated a'])
  })

  it('runs condition_function_id first and fires in the binding’s namespace', async () => {
    const id = configId()
    const namespace = uniqueName('tenant')
    const tenant = registerWorker(engine.url, {
      workerName: uniqueName('tenant-worker'),
      namespace,
    })
    try {
      const [fn, condition] = [uniqueName('handler'), uniqueName('condition')]
      const events = recorder()
      tenant.registerFunction(fn, events.handler)
      tenant.registerFunction(
        condition,
        async (e: { new_value: { port: number } }) => e.new_value.port > 10,
      )
      await waitFor(() => engine.core.functions.get(namespace, condition), {
        what: 'the tenant functions',
      })
      tenant.registerTrigger({
        type: 'configuration',
        function_id: fn,
        namespace,
        config: { configuration_id: id, condition_function_id: condition },
      })
      await waitFor(
        () =>
          engine.core.bindings
            .ofType('configuration')
            .some((b) => b.function_id === fn && b.provider),
        {
          what: 'the binding',
        },
      )
      await client.call(
        'configuration::register',
        registration(id, { initial_value: { host: 'h', port: 1 } }),
      )
      await client.call('configuration::set', { id, value: { host: 'h', port: 11 } })
      await events.waitForCount(1)
      expect(events.seen.map((e) => [e.event_type, e.new_value.port])).toEqual([
        ['configuration:updated', 11],
      ])
      expect(engine.core.functions.get('default', fn)).toBeUndefined()
    } finally {
      await tenant.shutdown()
    }
  })

  it.each([
    [{ configuration_id: 'Not Valid' }, /configuration_id/],
    [{ configuration_id: 5 }, /configuration_id/],
    [{ event_types: ['configuration:read'] }, /event_types/],
    [{ event_types: 'configuration:updated' }, /event_types/],
    [{ condition_function_id: false }, /condition_function_id/],
    ['not an object', /expected object/i],
  ])('refuses the binding config %j', async (config, message) => {
    const fn = uniqueName('never')
    await client.expose(fn, async () => null)
    const err = await client.fail('engine::register_trigger', {
      trigger_type: 'configuration',
      function_id: fn,
      config,
    })
    expect(err.code).toBe('trigger_registration_failed')
    expect(err.message).toMatch(message)
  })
})

describe('configuration ttl_seconds', () => {
  it('deletes an entry ttl_seconds after its last binding went away, unless a binding came back', async () => {
    const engine = await startTestEngine({
      configText: 'workers:\n  - name: configuration\n    config: { ttl_seconds: 1 }\n',
    })
    const client = connect(engine)
    try {
      const [kept, expiring] = [configId('kept'), configId('expiring')]
      const watcher = recorder()
      const fns = { watcher: uniqueName('watcher'), bound: uniqueName('bound') }
      await client.expose(fns.watcher, watcher.handler)
      await client.expose(fns.bound, async () => null)
      await bindConfiguration(client, fns.watcher, { event_types: ['configuration:deleted'] })
      for (const id of [kept, expiring])
        await client.call(
          'configuration::register',
          registration(id, { initial_value: { host: 'h', port: 1 } }),
        )
      const keptBinding = await bindConfiguration(client, fns.bound, { configuration_id: kept })
      const expiringBinding = await bindConfiguration(client, fns.bound, {
        configuration_id: expiring,
      })
      await client.call('engine::unregister_trigger', { id: keptBinding })
      await client.call('engine::unregister_trigger', { id: expiringBinding })
      await bindConfiguration(client, fns.bound, { configuration_id: kept })
      await watcher.waitForCount(1, 'the expiry')
      expect(watcher.seen).toEqual([
        expect.objectContaining({
          event_type: 'configuration:deleted',
          id: expiring,
          old_value: { host: 'h', port: 1 },
          new_value: null,
        }),
      ])
      expect((await client.fail('configuration::get', { id: expiring })).code).toBe('NOT_FOUND')
      // The re-bound id would have expired together with the other one.
      await sleep(300)
      expect(await client.call('configuration::get', { id: kept })).toEqual({
        id: kept,
        value: { host: 'h', port: 1 },
      })
    } finally {
      await client.worker.shutdown()
      await engine.stop()
    }
  })
})
