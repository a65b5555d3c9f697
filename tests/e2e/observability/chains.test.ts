import { deferred, uniqueName, waitFor } from '@iii/testing'
import { registerWorker, TriggerAction } from 'iii-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

type Span = {
  trace_id: string
  span_id: string
  parent_span_id?: string
  name: string
  pending?: boolean
}

/**
 * Every causal chain is one trace: the handler a trigger runs is a descendant of the call that
 * caused the event.
 */
describe('one trace per causal chain', () => {
  let engine: TestEngine
  let w: ReturnType<typeof registerWorker>
  beforeEach(async () => {
    engine = await startTestEngine()
    w = registerWorker(engine.url, { workerName: uniqueName('chain'), otel: { enabled: true } })
  })
  afterEach(async () => {
    await w.shutdown()
    await engine.stop()
  })

  /** The finished spans of the trace containing a span named `name`. */
  async function traceOf(name: string): Promise<Span[]> {
    const hit = await waitFor(async () => {
      const { spans } = await w.trigger({
        function_id: 'engine::traces::list',
        payload: { name, limit: 1000, include_internal: true },
      })
      return (spans as Span[]).find((s) => s.name === name && !s.pending)
    })
    const { spans } = await w.trigger({
      function_id: 'engine::traces::list',
      payload: { trace_id: hit.trace_id, limit: 1000, include_internal: true },
    })
    return (spans as Span[]).filter((s) => !s.pending)
  }

  /** True when `child` descends from `ancestor` through parent links. */
  function descends(spans: Span[], child: Span, ancestor: Span): boolean {
    const byId = new Map(spans.map((s) => [s.span_id, s]))
    for (
      let s: Span | undefined = child;
      s;
      s = s.parent_span_id ? byId.get(s.parent_span_id) : undefined
    )
      if (s === ancestor) return true
    return false
  }

  async function expectChain(cause: string, effect: string) {
    const spans = await waitFor(
      async () => {
        const t = await traceOf(cause)
        return t.some((s) => s.name === effect) ? t : undefined
      },
      { what: `${effect} in the trace of ${cause}` },
    )
    const causeSpan = spans.find((s) => s.name === cause) as Span
    const effectSpan = spans.find((s) => s.name === effect) as Span
    expect(descends(spans, effectSpan, causeSpan)).toBe(true)
  }

  it('state change → state trigger', async () => {
    const fired = deferred()
    w.registerFunction('chain::on-state', async () => fired.resolve())
    w.registerTrigger({ type: 'state', function_id: 'chain::on-state', config: { scope: 'chain' } })
    w.registerFunction('chain::writer', async () =>
      w.trigger({ function_id: 'state::set', payload: { scope: 'chain', key: 'k', value: 1 } }),
    )
    await waitFor(() => engine.core.functions.get('default', 'chain::writer'))
    await waitFor(() =>
      [...engine.core.bindings.all()].some(
        (b) => b.function_id === 'chain::on-state' && b.provider,
      ),
    )
    await w.trigger({ function_id: 'chain::writer', payload: {} })
    await fired.promise
    await expectChain('execute chain::writer', 'execute chain::on-state')
  })

  it('stream event → stream trigger', async () => {
    const fired = deferred()
    w.registerFunction('chain::on-stream', async () => fired.resolve())
    w.registerTrigger({
      type: 'stream',
      function_id: 'chain::on-stream',
      config: { stream_name: 'chain-stream' },
    })
    w.registerFunction('chain::streamer', async () =>
      w.trigger({
        function_id: 'stream::set',
        payload: { stream_name: 'chain-stream', group_id: 'g', item_id: 'i', data: { v: 1 } },
      }),
    )
    await waitFor(() => engine.core.functions.get('default', 'chain::streamer'))
    await waitFor(() =>
      [...engine.core.bindings.all()].some(
        (b) => b.function_id === 'chain::on-stream' && b.provider,
      ),
    )
    await w.trigger({ function_id: 'chain::streamer', payload: {} })
    await fired.promise
    await expectChain('execute chain::streamer', 'execute chain::on-stream')
  })

  it('publish → subscriber', async () => {
    const fired = deferred()
    w.registerFunction('chain::on-topic', async () => fired.resolve())
    w.registerTrigger({
      type: 'subscribe',
      function_id: 'chain::on-topic',
      config: { topic: 'chain-topic' },
    })
    w.registerFunction('chain::publisher', async () =>
      w.trigger({ function_id: 'publish', payload: { topic: 'chain-topic', data: { x: 1 } } }),
    )
    await waitFor(() => engine.core.functions.get('default', 'chain::publisher'))
    await waitFor(() =>
      [...engine.core.bindings.all()].some(
        (b) => b.function_id === 'chain::on-topic' && b.provider,
      ),
    )
    await w.trigger({ function_id: 'chain::publisher', payload: {} })
    await fired.promise
    await expectChain('execute chain::publisher', 'execute chain::on-topic')
  })

  it('enqueue → job', async () => {
    const ran = deferred()
    w.registerFunction('chain::job', async () => ran.resolve())
    w.registerFunction('chain::producer', async () =>
      w.trigger({
        function_id: 'chain::job',
        payload: {},
        action: TriggerAction.Enqueue({ queue: 'default' }),
      }),
    )
    await waitFor(() => engine.core.functions.get('default', 'chain::producer'))
    await w.trigger({ function_id: 'chain::producer', payload: {} })
    await ran.promise
    await expectChain('execute chain::producer', 'execute chain::job')
  })
})

describe('queue and cron spans', () => {
  it('records retries and the DLQ move as span events in the trace of the enqueuing call', async () => {
    await using engine = await startTestEngine({
      configText:
        'workers:\n  - name: iii-queue\n    config: { queue_configs: { flaky: { max_retries: 2, backoff_ms: 20 } } }\n',
    })
    const w = registerWorker(engine.url, {
      workerName: uniqueName('jobs'),
      otel: { enabled: true },
    })
    try {
      let calls = 0
      w.registerFunction('chain::always-fails', async () => {
        calls++
        throw new Error('broken on purpose')
      })
      w.registerFunction('chain::enqueuer', async () =>
        w.trigger({
          function_id: 'chain::always-fails',
          payload: {},
          action: TriggerAction.Enqueue({ queue: 'flaky' }),
        }),
      )
      await waitFor(() => engine.core.functions.get('default', 'chain::enqueuer'))
      await w.trigger({ function_id: 'chain::enqueuer', payload: {} })
      await waitFor(() => calls === 2)
      type EventSpan = Span & { events: { name: string }[] }
      const jobSpans = await waitFor(async () => {
        const { spans } = await w.trigger<unknown, { spans: EventSpan[] }>({
          function_id: 'engine::traces::list',
          payload: { name: 'queue job flaky', limit: 100 },
        })
        const done = spans.filter((s) => !s.pending)
        return done.length === 2 ? done : undefined
      })
      const events = jobSpans.flatMap((s) => s.events.map((e) => e.name)).sort()
      expect(events).toEqual([
        'job.dead_lettered',
        'job.failed',
        'job.failed',
        'job.retry_scheduled',
      ])
      const producer = await waitFor(async () => {
        const { spans } = await w.trigger<unknown, { spans: Span[] }>({
          function_id: 'engine::traces::list',
          payload: { name: 'execute chain::enqueuer' },
        })
        return spans.find((s) => !s.pending)
      })
      expect(new Set(jobSpans.map((s) => s.trace_id))).toEqual(new Set([producer.trace_id]))
    } finally {
      await w.shutdown()
    }
  })

  it('cron → function: each fire is one trace, the handler nested under the engine call', async () => {
    await using engine = await startTestEngine()
    const w = registerWorker(engine.url, {
      workerName: uniqueName('cron'),
      otel: { enabled: true },
    })
    try {
      const fired = deferred<{ trigger: string; job_id: string }>()
      w.registerFunction('chain::tick', async (p: { trigger: string; job_id: string }) =>
        fired.resolve(p),
      )
      w.registerTrigger({
        type: 'cron',
        function_id: 'chain::tick',
        config: { expression: '* * * * * *' },
      })
      const payload = await fired.promise
      expect(payload.trigger).toBe('cron')
      const spans = await waitFor(async () => {
        const { spans } = await w.trigger<unknown, { spans: Span[] }>({
          function_id: 'engine::traces::list',
          payload: { name: 'chain::tick', limit: 100 },
        })
        const call = spans.find((s) => s.name === 'call chain::tick' && !s.pending)
        const exec = spans.find(
          (s) => s.name === 'execute chain::tick' && !s.pending && s.trace_id === call?.trace_id,
        )
        return call && exec ? { call, exec } : undefined
      })
      expect(spans.exec.parent_span_id).toBe(spans.call.span_id)
    } finally {
      await w.shutdown()
    }
  })
})
