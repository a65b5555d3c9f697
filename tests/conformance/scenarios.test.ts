import { deferred, freePort, uniqueName, waitFor } from '@iii/testing'
import { startEngine } from 'iii-engine'
import { afterEach, describe, expect, it } from 'vitest'
import { type ClientWorker, clients } from '../src/clients'
import { startTestEngine, type TestEngine } from '../src/engine'
import { RawClient } from '../src/raw'
import { scenarioIds, scenarioTitle } from './scenario-list'

const implemented = new Set<string>()
/** The scenario's title from scenarios.json; records that this suite implements it. */
const title = (id: string) => {
  implemented.add(id)
  return scenarioTitle(id)
}

/**
 * One scenario list, run against every client: our iii-sdk and the published iii-sdk@0.22.1,
 * each talking to a real engine over real sockets.
 */
describe.each(clients)('conformance: $name', (client) => {
  const workers: ClientWorker[] = []
  const raws: RawClient[] = []
  let engine: TestEngine

  const connect = (name?: string, fastReconnect = false, url = engine.url) => {
    const w = client.connect(url, { workerName: name ?? uniqueName('w'), fastReconnect })
    workers.push(w)
    return w
  }
  const raw = async (url = engine.url) => {
    const r = await RawClient.connect(url)
    raws.push(r)
    return r
  }
  const registered = (id: string, namespace = 'default') =>
    waitFor(() => engine.core.functions.get(namespace, id), { what: `function ${id}` })

  const setup = async () => {
    engine = await startTestEngine()
  }

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.shutdown()
    for (const r of raws.splice(0)) await r.close()
    await engine?.stop()
  })

  it(title('sync-call'), async () => {
    await setup()
    const b = connect()
    b.registerFunction('conf::echo', async (data) => ({ echoed: data.value }))
    await registered('conf::echo')
    const a = connect()
    await expect(a.trigger({ function_id: 'conf::echo', payload: { value: 42 } })).resolves.toEqual(
      { echoed: 42 },
    )
  })

  it(title('void-call'), async () => {
    await setup()
    const ran = deferred<unknown>()
    const b = connect()
    b.registerFunction('conf::sink', async (data) => {
      ran.resolve(data.n)
      return { ignored: true }
    })
    await registered('conf::sink')
    const a = connect()
    await expect(
      a.trigger({ function_id: 'conf::sink', payload: { n: 7 }, action: client.Void() }),
    ).resolves.toBeUndefined()
    await expect(ran.promise).resolves.toBe(7)
  })

  it(title('enqueue-call'), async () => {
    await setup()
    const ran = deferred<unknown>()
    const b = connect()
    b.registerFunction('conf::job', async (data) => {
      ran.resolve(data.order)
      return null
    })
    await registered('conf::job')
    const a = connect()
    const receipt = await a.trigger({
      function_id: 'conf::job',
      payload: { order: 'o-1' },
      action: client.Enqueue('default'),
    })
    expect(receipt.messageReceiptId).toMatch(/^[0-9a-f-]{36}$/)
    await expect(ran.promise).resolves.toBe('o-1')
  })

  it(title('enqueue-unknown-queue'), async () => {
    await setup()
    const a = connect()
    await expect(
      a.trigger({ function_id: 'conf::job', payload: {}, action: client.Enqueue('no-such-queue') }),
    ).rejects.toMatchObject({
      code: 'enqueue_error',
    })
  })

  it(title('handler-error'), async () => {
    await setup()
    const b = connect()
    b.registerFunction('conf::boom', async () => {
      throw new Error('exploded on purpose')
    })
    await registered('conf::boom')
    const a = connect()
    const err = await a.trigger({ function_id: 'conf::boom', payload: {} }).catch((e) => e)
    expect(err.code).toBe('invocation_failed')
    expect(err.message).toContain('exploded on purpose')
  })

  it(title('unknown-function'), async () => {
    await setup()
    const a = connect()
    const err = await a.trigger({ function_id: 'conf::missing', payload: {} }).catch((e) => e)
    expect(err.code).toBe('function_not_found')
    expect(err.message).toContain('conf::missing')
  })

  it(title('callee-disconnect'), async () => {
    await setup()
    const entered = deferred()
    const b = connect()
    b.registerFunction('conf::hang', () => {
      entered.resolve()
      return new Promise(() => {})
    })
    await registered('conf::hang')
    const a = connect()
    const call = a
      .trigger({ function_id: 'conf::hang', payload: {}, timeoutMs: 20_000 })
      .catch((e) => e)
    await entered.promise
    await b.shutdown()
    const err = await call
    expect(err.code).toBe('invocation_stopped')
  })

  it(title('concurrent-calls'), async () => {
    await setup()
    const b = connect()
    b.registerFunction('conf::double', async (data) => data.n * 2)
    await registered('conf::double')
    const a = connect()
    const results = await Promise.all(
      Array.from({ length: 2000 }, (_, n) =>
        a.trigger({ function_id: 'conf::double', payload: { n } }),
      ),
    )
    expect(results).toEqual(Array.from({ length: 2000 }, (_, n) => n * 2))
  })

  it(title('discovery'), async () => {
    await setup()
    const name = uniqueName('disc')
    const b = connect(name)
    b.registerFunction('conf::visible', async () => null, { description: 'shown in discovery' })
    await registered('conf::visible')
    await waitFor(() => [...engine.core.workers.all()].some((w) => w.name === name), {
      what: 'worker announcement',
    })
    const a = connect()
    const { functions } = await a.trigger({ function_id: 'engine::functions::list', payload: {} })
    expect(functions).toContainEqual(
      expect.objectContaining({
        function_id: 'conf::visible',
        worker_name: name,
        description: 'shown in discovery',
      }),
    )
    expect(
      functions.some((f: { function_id: string }) => f.function_id.startsWith('engine::functions')),
    ).toBe(false)
    const { workers: rows } = await a.trigger({ function_id: 'engine::workers::list', payload: {} })
    expect(rows).toContainEqual(
      expect.objectContaining({ name, status: 'connected', function_count: 1 }),
    )
    const info = await a.trigger({
      function_id: 'engine::functions::info',
      payload: { function_id: 'conf::visible' },
    })
    expect(info).toMatchObject({
      function_id: 'conf::visible',
      namespace: 'default',
      worker_name: name,
    })
  })

  it(title('custom-trigger-type'), async () => {
    await setup()
    const bound = deferred<{ id: string; function_id: string; config: any }>()
    const provider = connect()
    provider.registerTriggerType(
      { id: 'conf-tick', description: 'test trigger type' },
      {
        registerTrigger: async (t) => bound.resolve(t),
        unregisterTrigger: async () => {},
      },
    )
    const fired = deferred<unknown>()
    const consumer = connect()
    consumer.registerFunction('conf::on-tick', async (data) => {
      fired.resolve(data)
      return null
    })
    consumer.registerTrigger({
      type: 'conf-tick',
      function_id: 'conf::on-tick',
      config: { every: 'now' },
    })
    const binding = await bound.promise
    expect(binding).toMatchObject({ function_id: 'conf::on-tick', config: { every: 'now' } })
    await provider.trigger({
      function_id: binding.function_id,
      payload: { tick: 1 },
      action: client.Void(),
    })
    await expect(fired.promise).resolves.toMatchObject({ tick: 1 })
  })

  it(title('engine-restart'), async () => {
    // An explicit port: uWS sets SO_REUSEADDR only then, so the restart can rebind at once.
    const port = await freePort()
    const first = await startEngine({
      configText: `workers:\n  - name: iii-worker-manager\n    config: { port: ${port} }\n`,
      log: { level: 'silent' },
    })
    const url = first.url
    const b = connect(undefined, true, url)
    b.registerFunction('conf::survivor', async () => 'still here')
    await waitFor(() => first.core.functions.get('default', 'conf::survivor'))
    const a = connect(undefined, true, url)
    await expect(a.trigger({ function_id: 'conf::survivor', payload: {} })).resolves.toBe(
      'still here',
    )
    await first.stop()
    engine = await startTestEngine({
      configText: `workers:\n  - name: iii-worker-manager\n    config: { port: ${first.port} }\n`,
      randomPorts: false,
    })
    await registered('conf::survivor')
    await waitFor(
      () =>
        a
          .trigger({ function_id: 'conf::survivor', payload: {}, timeoutMs: 1000 })
          .then((r) => r === 'still here'),
      {
        what: 'call after restart',
      },
    )
  })

  it(title('malformed-frames'), async () => {
    await setup()
    const b = connect()
    b.registerFunction('conf::alive', async () => 'alive')
    await registered('conf::alive')
    const junk = await raw()
    for (const frame of [
      'not json',
      '[1,2,3]',
      '{"type":"explode"}',
      '{"type":"invokefunction","function_id":5}',
      '{"type":"registerfunction","id":{"nested":true}}',
      '{"type":"invocationresult"}',
      '',
      JSON.stringify({ type: 'unknown-but-huge', pad: 'x'.repeat(10 * 1024 * 1024) }),
    ]) {
      junk.send(frame)
    }
    const a = connect()
    await expect(a.trigger({ function_id: 'conf::alive', payload: {} })).resolves.toBe('alive')
    expect(junk.closed).toBeUndefined()
    expect(
      engine.records.filter((r) => r.msg === 'malformed frame dropped').length,
    ).toBeGreaterThanOrEqual(6)
  })

  it(title('max-frame-bytes'), async () => {
    engine = await startTestEngine({
      configText:
        'workers:\n  - name: iii-worker-manager\n    config: { port: 0, max_frame_bytes: 1048576 }\n',
    })
    const b = connect()
    b.registerFunction('conf::alive2', async () => 'alive')
    await registered('conf::alive2')
    const big = await raw()
    big.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(1536 * 1024) }))
    await waitFor(() => big.closed, { what: 'oversized socket closed' })
    expect(big.closed?.code).toBe(1009)
    const huge = await raw()
    huge.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(10 * 1024 * 1024) }))
    await waitFor(() => huge.closed, { what: '10 MB frame socket closed' })
    const a = connect()
    await expect(a.trigger({ function_id: 'conf::alive2', payload: {} })).resolves.toBe('alive')
  })

  it(title('duplicate-function-id'), async () => {
    await setup()
    const owner = connect()
    owner.registerFunction('conf::dup', async () => 'owner')
    const entry = await registered('conf::dup')
    const intruder = await raw()
    // A client that asks (notify_standby) is told its registration waits as a standby.
    intruder.send({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: { name: uniqueName('intruder'), notify_standby: true },
      action: { type: 'void' },
    })
    intruder.send({ type: 'registerfunction', id: 'conf::dup' })
    const rejected = await intruder.next((f) => f.type === 'registrationrejected')
    expect(rejected).toMatchObject({
      code: 'FUNCTION_STANDBY',
      function_id: 'conf::dup',
      owner_worker_id: entry.owner.id,
    })
    const second = connect()
    second.registerFunction('conf::dup', async () => 'second')
    const a = connect()
    await new Promise((r) => setTimeout(r, 100))
    await expect(a.trigger({ function_id: 'conf::dup', payload: {} })).resolves.toBe('owner')
  })

  it(title('spoofed-result'), async () => {
    await setup()
    const callee = await raw()
    callee.announce(uniqueName('callee'))
    callee.send({ type: 'registerfunction', id: 'conf::slow' })
    await registered('conf::slow')
    const a = connect()
    const call = a.trigger({ function_id: 'conf::slow', payload: { real: true } })
    const invoke = await callee.next(
      (f) => f.type === 'invokefunction' && f.function_id === 'conf::slow',
    )
    const spoofer = await raw()
    spoofer.send({
      type: 'invocationresult',
      invocation_id: invoke.invocation_id,
      function_id: 'conf::slow',
      result: 'forged',
    })
    await new Promise((r) => setTimeout(r, 50))
    callee.send({
      type: 'invocationresult',
      invocation_id: invoke.invocation_id,
      function_id: 'conf::slow',
      result: 'genuine',
    })
    await expect(call).resolves.toBe('genuine')
  })

  it('implements every scenario scenarios.json lists for it', () => {
    // The chain needs every language at once; chain.test.ts runs it.
    const listed = scenarioIds(client.listName, { except: ['cross-language-chain'] })
    expect([...implemented].sort()).toEqual(listed.sort())
  })
})
