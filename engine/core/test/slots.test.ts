import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import {
  EngineCore,
  type EngineSlots,
  type EngineWorkerDefinition,
  type SlotName,
  silentLogger,
  type WorkerContext,
  type WorkerDefinition,
  WorkerHost,
} from '../src/index'

const observer: EngineSlots['invocationObserver'] = { onInvocation() {} }

/** A worker that provides `slot` with `impl` while it runs and keeps its context. */
function provider(
  slot: SlotName,
  impl: unknown,
  seen: { ctx?: WorkerContext; dispose?: () => void } = {},
): WorkerDefinition {
  return {
    name: 'provider',
    configSchema: Type.Object({}),
    create: () => ({
      start(ctx) {
        seen.ctx = ctx
        seen.dispose = ctx.provide(
          slot as 'invocationObserver',
          impl as EngineSlots['invocationObserver'],
        )
      },
      stop() {},
    }),
  }
}

const codeOf = (err: unknown) => (err instanceof IIIError ? err.code : String(err))

function setup() {
  const core = new EngineCore({ logger: silentLogger })
  return { core, host: new WorkerHost(core) }
}

describe('extension slots', () => {
  it('a second provider is refused with SLOT_TAKEN naming the holder; the first keeps the slot', async () => {
    const { core, host } = setup()
    await host.start('first', provider('invocationObserver', observer), {})
    const err = await host
      .start('second', provider('invocationObserver', { onInvocation() {} }), {})
      .catch((e) => e)
    expect(codeOf(err)).toBe('SLOT_TAKEN')
    expect((err as Error).message).toMatch(
      /second cannot provide slot "invocationObserver": first already provides it/,
    )
    expect(core.slots.get('invocationObserver')).toBe(observer)
    expect(core.slots.ownerOf('invocationObserver')).toBe('first')
    // The refused worker was rolled back: its record is gone.
    expect(host.names()).toEqual(['first'])
  })

  it('stopping the provider empties its slots, and another worker may then provide them', async () => {
    const { core, host } = setup()
    await host.start('first', provider('invocationObserver', observer), {})
    await host.stop('first')
    expect(core.slots.get('invocationObserver')).toBeUndefined()
    const next = { onInvocation() {} }
    await host.start('second', provider('invocationObserver', next), {})
    expect(core.slots.get('invocationObserver')).toBe(next)
  })

  it('the disposer empties only its own provision and may run twice', async () => {
    const { core, host } = setup()
    const seen: { dispose?: () => void } = {}
    await host.start('first', provider('invocationObserver', observer, seen), {})
    seen.dispose?.()
    expect(core.slots.get('invocationObserver')).toBeUndefined()
    const next = { onInvocation() {} }
    const disposeNext = core.slots.provide('invocationObserver', next, 'someone')
    seen.dispose?.()
    expect(core.slots.get('invocationObserver')).toBe(next)
    disposeNext()
    expect(core.slots.list()).toEqual([])
  })

  it('refuses unknown slots and providers that lack the slot methods with SLOT_INVALID', () => {
    const { core } = setup()
    const attempts: [string, unknown, RegExp][] = [
      ['nope', {}, /unknown extension slot "nope"; known: httpInvoker, httpFunctions, tracer/],
      ['invocationObserver', {}, /lacks the method onInvocation/],
      ['invocationObserver', null, /must be an object/],
      ['tracer', { startSpan() {} }, /lacks the method startActiveSpan/],
      ['builtinConfigs', {}, /lacks the methods list, reconfigure/],
      ['telemetrySink', {}, /must be a function/],
    ]
    for (const [slot, impl, message] of attempts) {
      let thrown: unknown
      try {
        core.slots.provide(slot as 'tracer', impl as EngineSlots['tracer'], 'bad')
      } catch (err) {
        thrown = err
      }
      expect(codeOf(thrown), slot).toBe('SLOT_INVALID')
      expect((thrown as Error).message).toMatch(message)
    }
    expect(core.slots.list()).toEqual([])
  })

  it('stats() counts what the engine holds; only engineAccess workers see the engine', async () => {
    const { core, host } = setup()
    const plain: { ctx?: WorkerContext } = {}
    await host.start('plain', provider('invocationObserver', observer, plain), {})
    plain.ctx?.registerFunction({ id: 'plain::fn' }, () => null)
    let engineSeen: unknown
    const privileged: EngineWorkerDefinition = {
      name: 'privileged',
      engineAccess: true,
      configSchema: Type.Object({}),
      create: () => ({
        start(ctx) {
          engineSeen = ctx.engine
        },
        stop() {},
      }),
    }
    await host.start('privileged', privileged, {})
    expect(engineSeen).toBe(core)
    expect('engine' in (plain.ctx ?? {})).toBe(false)
    expect(plain.ctx?.stats()).toEqual({
      sessions: 0,
      workers: 2,
      functions: 1,
      triggerTypes: 0,
      bindings: 0,
      invocationsInFlight: 0,
      channels: 0,
    })
    expect(plain.ctx?.listFunctions().map((f) => f.id)).toEqual(['plain::fn'])
    expect(plain.ctx?.provided('invocationObserver')).toBe(observer)
  })
})
