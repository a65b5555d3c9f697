import { monitorEventLoopDelay } from 'node:perf_hooks'
import { uniqueName, waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'
import { connectStream } from '../stream/stream-helpers'

const capsConfig = `
workers:
  - name: iii-worker-manager
    config:
      port: 0
      max_functions_per_connection: 50
      max_bindings_per_connection: 40
      max_trigger_types_per_connection: 3
      max_channels_per_connection: 20
  - name: iii-stream
    config: { port: 0, max_subscriptions_per_connection: 3 }
`

/** A raw worker that announced a name, so its registrations apply at once. */
async function rawWorker(engine: TestEngine): Promise<RawClient> {
  const c = await RawClient.connect(engine.url)
  c.announce(uniqueName('raw'))
  return c
}

/** The engine side of the only worker connection. */
const onlySession = (engine: TestEngine) => {
  const [session, ...others] = engine.core.sessions.values()
  if (!session || others.length > 0) throw new Error('expected exactly one worker connection')
  return session
}

describe('issue 12, row 6: per-connection caps and a chunked disconnect', () => {
  it('functions, bindings, trigger types, channels and stream subscriptions stop at their caps', {
    timeout: 60_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: capsConfig })
    const c = await rawWorker(engine)
    try {
      for (let i = 0; i < 60; i++) c.send({ type: 'registerfunction', id: `cap::f${i}` })
      await waitFor(() => c.frames.filter((f) => f.type === 'registrationrejected').length === 10, {
        timeoutMs: 20_000,
        what: 'ten refusals',
      })
      const session = onlySession(engine)
      expect(engine.core.functions.countOwnedBy(session)).toBe(50)
      const refused = c.frames.filter((f) => f.type === 'registrationrejected')
      expect(new Set(refused.map((f) => f.code))).toEqual(new Set(['CONNECTION_LIMIT']))
      // Re-registering an id it already owns is not a new function.
      c.send({ type: 'registerfunction', id: 'cap::f0', description: 'again' })
      c.send({ type: 'registerfunction', id: 'cap::extra' })
      await c.next(
        (f) => f.type === 'registrationrejected' && f.function_id === 'cap::extra',
        10_000,
      )
      expect(engine.core.functions.get('default', 'cap::f0')?.description).toBe('again')

      for (let i = 0; i < 45; i++)
        c.send({
          type: 'registertrigger',
          id: `cap-b${i}`,
          trigger_type: 'cap-type',
          function_id: 'cap::f0',
          config: {},
        })
      await waitFor(
        () => c.frames.filter((f) => f.type === 'triggerregistrationresult').length >= 5,
        {
          timeoutMs: 20_000,
          what: 'five binding refusals',
        },
      )
      const bindingErrors = c.frames.filter((f) => f.type === 'triggerregistrationresult')
      expect(bindingErrors.map((f) => f.error?.code)).toEqual(Array(5).fill('CONNECTION_LIMIT'))
      expect(engine.core.bindings.countOwnedBy(session)).toBe(40)

      for (let i = 0; i < 5; i++)
        c.send({ type: 'registertriggertype', id: `cap-type-${i}`, description: 'd' })
      await waitFor(
        () =>
          engine.records.filter(
            (r) => r.msg === 'trigger type registration refused: connection limit',
          ).length === 2,
        { timeoutMs: 20_000, what: 'two trigger type refusals' },
      )
      expect(engine.core.triggerTypes.countOwnedBy(session)).toBe(3)

      const created: Record<string, any>[] = []
      for (let i = 0; i < 22; i++) {
        const id = crypto.randomUUID()
        c.send({
          type: 'invokefunction',
          invocation_id: id,
          function_id: 'engine::channels::create',
          data: {},
        })
        created.push(await c.next((f) => f.type === 'invocationresult' && f.invocation_id === id))
      }
      expect(created.filter((f) => f.result).length).toBe(20)
      expect(created.slice(20).map((f) => f.error?.code)).toEqual([
        'CONNECTION_LIMIT',
        'CONNECTION_LIMIT',
      ])

      const browser = await connectStream(engine)
      for (let i = 0; i < 4; i++)
        browser.send({
          type: 'join',
          data: { subscriptionId: `s${i}`, streamName: uniqueName('s'), groupId: 'g' },
        })
      const over = await browser.next(
        (f) => f.type === 'error' && f.subscriptionId === 's3',
        10_000,
      )
      expect(over.error.code).toBe('CONNECTION_LIMIT')
      expect(over.error.message).toMatch(/max_subscriptions_per_connection/)
      await browser.close()
    } finally {
      await c.close()
    }
  })

  it('a large registration set is removed a chunk per turn when its connection leaves', {
    timeout: 120_000,
  }, async () => {
    await using engine = await startTestEngine({
      configText: 'workers:\n  - name: iii-http\n    config: { port: 0 }\n',
    })
    const count = 4_000
    const c = await rawWorker(engine)
    for (let i = 0; i < count; i++) {
      c.send({ type: 'registerfunction', id: `bulk::f${i}` })
      c.send({
        type: 'registertrigger',
        id: `bulk-r${i}`,
        trigger_type: 'http',
        function_id: `bulk::f${i}`,
        config: { api_path: `/bulk/${i}` },
      })
    }
    await waitFor(() => engine.core.bindings.size >= count, {
      timeoutMs: 60_000,
      what: 'every route bound',
    })
    const session = onlySession(engine)
    let leftAtDisconnect = -1
    const off = engine.core.events.on('worker:disconnected', () => {
      leftAtDisconnect = engine.core.functions.size
    })
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    await c.close()
    await waitFor(
      () =>
        engine.core.bindings.size === 0 &&
        !engine.core.functions.get('default', `bulk::f${count - 1}`),
      {
        timeoutMs: 30_000,
        what: 'the registration set removed',
      },
    )
    delay.disable()
    off()
    // When the disconnect event fires, most of the set is still waiting for later turns.
    expect(leftAtDisconnect).toBeGreaterThan(count / 2)
    expect(engine.core.functions.countOwnedBy(session)).toBe(0)
    // Reported, not asserted: timing belongs in benches.
    process.stdout.write(
      `chunked cleanup of ${count} functions + ${count} routes: max loop delay ${Math.round(delay.max / 1e6)} ms\n`,
    )
  })
})
