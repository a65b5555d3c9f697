import { uniqueName, waitFor } from '@iii/testing'
import { Type } from '@sinclair/typebox'
import { defineFunction, registerWorker } from 'iii-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

describe('namespaces', () => {
  let engine: TestEngine
  const cleanups: (() => Promise<unknown>)[] = []
  beforeEach(async () => {
    engine = await startTestEngine({
      configText: 'registration_namespace_grace_ms: 300\nworkers: []\n',
    })
  })
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c()
    await engine.stop()
  })
  const raw = async () => {
    const r = await RawClient.connect(engine.url)
    cleanups.push(() => r.close())
    return r
  }

  it('buffers registrations until the announcement, in either order', async () => {
    const late = await raw()
    late.send({ type: 'registerfunction', id: 'ns::fn' })
    await new Promise((r) => setTimeout(r, 100))
    expect(engine.core.functions.get('default', 'ns::fn')).toBeUndefined()
    late.send({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: { name: uniqueName('late'), namespace: 'team' },
      action: { type: 'void' },
    })
    await waitFor(() => engine.core.functions.get('team', 'ns::fn'))
    expect(engine.core.functions.get('default', 'ns::fn')).toBeUndefined()
  })

  it('fixes the namespace to default after the grace period; a later announcement cannot move it', async () => {
    const silent = await raw()
    silent.send({ type: 'registerfunction', id: 'ns::silent' })
    await waitFor(() => engine.core.functions.get('default', 'ns::silent'), { timeoutMs: 3000 })
    silent.send({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: { name: uniqueName('s'), namespace: 'elsewhere' },
      action: { type: 'void' },
    })
    silent.send({ type: 'registerfunction', id: 'ns::second' })
    await waitFor(() => engine.core.functions.get('default', 'ns::second'))
    expect(engine.core.functions.get('elsewhere', 'ns::second')).toBeUndefined()
  })

  it('resolves calls strictly in the named namespace, with a hint, and refuses blank namespaces', async () => {
    const owner = await raw()
    owner.announce(uniqueName('o'))
    owner.send({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: { name: uniqueName('o2'), namespace: 'team' },
      action: { type: 'void' },
    })
    owner.send({ type: 'registerfunction', id: 'ns::only-in-team' })
    await waitFor(
      () =>
        engine.core.functions.get('default', 'ns::only-in-team') ??
        engine.core.functions.get('team', 'ns::only-in-team'),
    )
    const caller = await raw()
    caller.send({
      type: 'invokefunction',
      invocation_id: '00000000-0000-4000-8000-00000000000a',
      function_id: 'ns::only-in-team',
      data: {},
      namespace: 'nowhere',
    })
    const miss = await caller.next((f) => f.type === 'invocationresult')
    expect(miss.error.code).toBe('function_not_found')
    expect(miss.error.message).toMatch(
      /not found in namespace nowhere\. It exists in namespace\(s\): /,
    )
    caller.send({
      type: 'invokefunction',
      invocation_id: '00000000-0000-4000-8000-00000000000b',
      function_id: 'x',
      data: {},
      namespace: '  ',
    })
    const blank = await caller.next((f) => f.type === 'invocationresult')
    expect(blank.error.code).toBe('INVALID_NAMESPACE')
    caller.send({
      type: 'registertrigger',
      id: 't',
      trigger_type: 'x',
      function_id: 'y',
      config: {},
      trigger_namespace: '',
    })
    const badBinding = await caller.next((f) => f.type === 'triggerregistrationresult')
    expect(badBinding.error.code).toBe('INVALID_NAMESPACE')
  })

  // docs/decisions/0004: a second connection with a held name is a redeploy, not an intruder.
  it('a second live worker with the same name waits, then takes the name over when the first leaves', async () => {
    const name = uniqueName('dup')
    const named = () => [...engine.core.sessions.values()].filter((s) => s.name === name)
    const first = registerWorker(engine.url, { workerName: name })
    cleanups.push(() => first.shutdown())
    await waitFor(() => named().length === 1)
    const firstId = named()[0]?.id
    const second = registerWorker(engine.url, { workerName: name })
    cleanups.push(() => second.shutdown())
    await waitFor(() => named().length === 2, { what: 'both connected' })
    const secondId = named().find((s) => s.id !== firstId)?.id
    expect(engine.core.workers.leaseHolder('default', name)?.id).toBe(firstId)
    expect(second.getConnectionState()).toBe('connected')
    await first.shutdown()
    await waitFor(() => engine.core.workers.leaseHolder('default', name)?.id === secondId, {
      what: 'the second worker holds the name',
    })
    expect(named().map((s) => s.id)).toEqual([secondId])
  })
})

describe('typed functions', () => {
  it('send their schemas, infer types and refuse input that does not match', async () => {
    await using engine = await startTestEngine()
    const w = registerWorker(engine.url, { workerName: uniqueName('typed') })
    defineFunction(
      w,
      {
        id: 'math::add',
        description: 'adds',
        input: Type.Object({ a: Type.Number(), b: Type.Number() }),
        output: Type.Object({ sum: Type.Number() }),
      },
      async ({ a, b }) => ({ sum: a + b }),
    )
    await waitFor(() => engine.core.functions.get('default', 'math::add'))
    await expect(w.trigger({ function_id: 'math::add', payload: { a: 2, b: 3 } })).resolves.toEqual(
      { sum: 5 },
    )
    const bad = await w.trigger({ function_id: 'math::add', payload: { a: 'two' } }).catch((e) => e)
    expect(bad.code).toBe('INVALID_ARGUMENTS')
    expect(bad.message).toMatch(/invalid input at \/[ab]: /)
    const info = await w.trigger({
      function_id: 'engine::functions::info',
      payload: { function_id: 'math::add' },
    })
    expect(info.request_schema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' } },
      required: ['a', 'b'],
    })
    expect(info.response_schema).toMatchObject({ properties: { sum: { type: 'number' } } })
    await w.shutdown()
  })
})

describe('engine functions refuse bad input', () => {
  it.each([
    ['engine::functions::info', {}, 'INVALID_ARGUMENTS'],
    ['engine::functions::info', { function_id: 'a', function_ids: ['b'] }, 'INVALID_ARGUMENTS'],
    [
      'engine::functions::info',
      { function_ids: Array.from({ length: 33 }, (_, i) => `f${i}`) },
      'INVALID_ARGUMENTS',
    ],
    ['engine::functions::info', { function_id: 'nope::nope' }, 'NOT_FOUND'],
    ['engine::functions::list', { search: 5 }, 'INVALID_ARGUMENTS'],
    ['engine::workers::info', { name: 'no-such-worker' }, 'NOT_FOUND'],
    ['engine::triggers::info', { id: 'no-such-type' }, 'NOT_FOUND'],
    ['engine::registered-triggers::info', { id: 'nope' }, 'NOT_FOUND'],
    ['engine::channels::create', { buffer_size: 'big' }, 'INVALID_ARGUMENTS'],
    ['engine::workers::register', { namespace: '' }, 'INVALID_NAMESPACE'],
  ])('%s %j → %s', async (fn, payload, code) => {
    await using engine = await startTestEngine()
    const w = registerWorker(engine.url, { workerName: uniqueName('bad') })
    const err = await w.trigger({ function_id: fn, payload }).catch((e) => e)
    expect(err.code).toBe(code)
    await w.shutdown()
  })
})
