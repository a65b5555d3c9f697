import { get as httpGet } from 'node:http'
import { uniqueName, waitFor } from '@iii/testing'
import * as ours from 'iii-sdk'
import * as published from 'iii-sdk-published'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

type Span = {
  trace_id: string
  span_id: string
  parent_span_id?: string
  name: string
  service_name: string
  pending?: boolean
}

interface TracingClient {
  name: string
  connect(url: string): {
    registerFunction(id: string, h: (d: any) => Promise<unknown>): unknown
    registerTrigger(t: { type: string; function_id: string; config: unknown }): unknown
    trigger(r: any): Promise<any>
    shutdown(): Promise<void>
  }
}

const tracingClients: TracingClient[] = [
  {
    name: 'iii-sdk (ours)',
    connect: (url) =>
      ours.registerWorker(url, { workerName: uniqueName('t'), otel: { enabled: true } }) as any,
  },
  {
    name: 'iii-sdk@0.22.1 (published)',
    connect: (url) =>
      published.registerWorker(url, {
        workerName: uniqueName('t'),
        otel: { enabled: true, serviceName: 'published-worker' },
      }) as any,
  },
]

/**
 * A plain node:http GET. The published SDK instruments the global fetch of the process it runs
 * in (here, the test's); this request must reach the engine exactly as a foreign client sends it.
 */
function get(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
}

/**
 * One engine per client for every tracing test: the published SDK sets up its telemetry once per
 * process, bound to the first engine it meets.
 */
describe.each(tracingClients)('tracing across hops: $name', (client) => {
  let engine: TestEngine
  const workers: { shutdown(): Promise<void> }[] = []
  beforeAll(async () => {
    engine = await startTestEngine()
  })
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.shutdown()
  })
  afterAll(async () => engine.stop())

  it('function → function → function is one trace with correct parent/child links', async () => {
    const a = client.connect(engine.url)
    const b = client.connect(engine.url)
    workers.push(a, b)
    b.registerFunction('trace::b', async (d) => ({ b: d.n + 1 }))
    a.registerFunction('trace::a', async (d) =>
      a.trigger({ function_id: 'trace::b', payload: { n: d.n } }),
    )
    await waitFor(
      () =>
        engine.core.functions.get('default', 'trace::a') &&
        engine.core.functions.get('default', 'trace::b'),
    )
    const caller = ours.registerWorker(engine.url, { workerName: uniqueName('caller') })
    workers.push(caller)
    await expect(caller.trigger({ function_id: 'trace::a', payload: { n: 1 } })).resolves.toEqual({
      b: 2,
    })

    const list = (q: object) =>
      caller.trigger({
        function_id: 'engine::traces::list',
        payload: { limit: 1000, ...q },
      }) as Promise<{ spans: Span[] }>
    const callA = await waitFor(async () =>
      (await list({ name: 'call trace::a' })).spans.find((s) => !s.pending),
    )
    const spans = await waitFor(
      async () => {
        const { spans } = await list({ trace_id: callA.trace_id })
        return spans.filter((s) => !s.pending).length >= 4 ? spans : undefined
      },
      { what: 'four finished spans in the trace', timeoutMs: 20_000 },
    )
    const byName = (name: string) => spans.find((s) => s.name === name && !s.pending) as Span
    const execA = byName('execute trace::a')
    const callB = byName('call trace::b')
    const execB = byName('execute trace::b')
    expect(new Set(spans.map((s) => s.trace_id))).toEqual(new Set([callA.trace_id]))
    expect(execA.parent_span_id).toBe(callA.span_id)
    expect(callB.parent_span_id).toBe(execA.span_id)
    expect(execB.parent_span_id).toBe(callB.span_id)

    const { roots } = await caller.trigger<any>({
      function_id: 'engine::traces::tree',
      payload: { trace_id: callA.trace_id },
    })
    expect(roots).toHaveLength(1)
    expect(roots[0].name).toBe('call trace::a')
    expect(roots[0].children[0].name).toBe('execute trace::a')
    expect(roots[0].children[0].children[0].children[0].name).toBe('execute trace::b')
  })

  it('HTTP → fn A → fn B shows one trace id with correct parent/child links', async () => {
    const a = client.connect(engine.url)
    const b = client.connect(engine.url)
    const caller = ours.registerWorker(engine.url, { workerName: uniqueName('q') })
    try {
      b.registerFunction('hop::b', async (d) => ({ from_b: d.n * 2 }))
      a.registerFunction('hop::a', async (req) => ({
        status_code: 200,
        body: await a.trigger({
          function_id: 'hop::b',
          payload: { n: Number(req.query_params.n) },
        }),
      }))
      a.registerTrigger({
        type: 'http',
        function_id: 'hop::a',
        config: { api_path: '/hop/:id', http_method: 'GET' },
      })
      await waitFor(() =>
        [...engine.core.bindings.all()].some((x) => x.function_id === 'hop::a' && x.provider),
      )
      await waitFor(() => engine.core.functions.get('default', 'hop::b'))
      const http = engine.address('iii-http')
      expect(JSON.parse(await get(`http://127.0.0.1:${http?.port}/hop/7?n=21`))).toEqual({
        from_b: 42,
      })

      const list = (q: object) =>
        caller.trigger<unknown, { spans: Span[] }>({
          function_id: 'engine::traces::list',
          payload: { limit: 1000, ...q },
        })
      const root = await waitFor(async () =>
        (await list({ name: 'HTTP GET /hop/:id' })).spans.find((s) => !s.pending),
      )
      const spans = await waitFor(
        async () => {
          const { spans } = await list({ trace_id: root.trace_id })
          const done = spans.filter((s) => !s.pending)
          return ['call hop::a', 'execute hop::a', 'call hop::b', 'execute hop::b'].every((n) =>
            done.some((s) => s.name === n),
          )
            ? done
            : undefined
        },
        { what: 'the five spans of the three-hop trace', timeoutMs: 20_000 },
      )
      const byName = (name: string) => spans.find((s) => s.name === name) as Span
      expect(new Set(spans.map((s) => s.trace_id)).size).toBe(1)
      expect(root.parent_span_id).toBeUndefined()
      expect(byName('call hop::a').parent_span_id).toBe(root.span_id)
      expect(byName('execute hop::a').parent_span_id).toBe(byName('call hop::a').span_id)
      expect(byName('call hop::b').parent_span_id).toBe(byName('execute hop::a').span_id)
      expect(byName('execute hop::b').parent_span_id).toBe(byName('call hop::b').span_id)
    } finally {
      await caller.shutdown()
      await a.shutdown()
      await b.shutdown()
    }
  })

  it('continues a trace the HTTP client started (traceparent header)', async () => {
    const a = client.connect(engine.url)
    const caller = ours.registerWorker(engine.url, { workerName: uniqueName('q') })
    try {
      a.registerFunction('hop::traced', async () => ({ body: 'ok' }))
      a.registerTrigger({
        type: 'http',
        function_id: 'hop::traced',
        config: { api_path: '/traced', http_method: 'GET' },
      })
      await waitFor(() =>
        [...engine.core.bindings.all()].some((x) => x.function_id === 'hop::traced' && x.provider),
      )
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
      await get(`http://127.0.0.1:${engine.address('iii-http')?.port}/traced`, {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      })
      const root = await waitFor(async () => {
        const { spans } = await caller.trigger<unknown, { spans: Span[] }>({
          function_id: 'engine::traces::list',
          payload: { name: 'HTTP GET /traced' },
        })
        return spans.find((s) => !s.pending)
      })
      expect(root.trace_id).toBe(traceId)
      expect(root.parent_span_id).toBe('00f067aa0ba902b7')
    } finally {
      await caller.shutdown()
      await a.shutdown()
    }
  })
})

describe('observability functions', () => {
  let engine: TestEngine
  afterEach(async () => engine.stop())

  it('stores worker logs with trace ids, lists, filters and clears them, and fires log triggers', async () => {
    engine = await startTestEngine()
    const w = ours.registerWorker(engine.url, {
      workerName: uniqueName('log'),
      otel: { enabled: true },
    })
    const log = ours.createLogger(w, { serviceName: 'orders' })
    const seen: any[] = []
    w.registerFunction('obs::on-log', async (record: any) => {
      seen.push(record)
      return null
    })
    w.registerTrigger({ type: 'log', function_id: 'obs::on-log', config: { level: 'warn' } })
    w.registerFunction('obs::work', async () => {
      log.warn('inside handler', { order: 7 })
      log.info('below the trigger level')
      return 'ok'
    })
    await waitFor(() => engine.core.functions.get('default', 'obs::work'))
    await w.trigger<any>({ function_id: 'obs::work', payload: {} })
    const record = await waitFor(() => seen.find((r) => r.body === 'inside handler'))
    expect(record).toMatchObject({
      severity_text: 'WARN',
      service_name: 'orders',
      attributes: { order: 7 },
    })
    expect(record.trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect(seen.some((r) => r.body === 'below the trigger level')).toBe(false)
    const { logs, total } = await w.trigger<any>({
      function_id: 'engine::logs::list',
      payload: { trace_id: record.trace_id },
    })
    expect(total).toBeGreaterThanOrEqual(2)
    expect(logs.every((l: any) => l.trace_id === record.trace_id)).toBe(true)
    await w.trigger<any>({ function_id: 'engine::logs::clear', payload: {} })
    expect(
      (
        await w.trigger<any>({
          function_id: 'engine::logs::list',
          payload: { trace_id: record.trace_id },
        })
      ).total,
    ).toBe(0)
    const bad = await w
      .trigger<any>({ function_id: 'engine::logs::list', payload: { severity_min: 'high' } })
      .catch((e: any) => e)
    expect(bad.code).toBe('deserialization_error')
    const overflow = await w
      .trigger<any>({ function_id: 'engine::traces::list', payload: { start_time: 1e300 } })
      .catch((e: any) => e)
    expect(overflow.code).toBe('time_value_overflow')
    await w.shutdown()
  })

  it('counts invocations in engine metrics, reports health, and delivers trace triggers', async () => {
    engine = await startTestEngine()
    const w = ours.registerWorker(engine.url, {
      workerName: uniqueName('m'),
      otel: { enabled: true },
    })
    const traceIds: string[] = []
    w.registerFunction('obs::on-trace', async (p: any) => {
      traceIds.push(...p.trace_ids)
      return null
    })
    w.registerTrigger({ type: 'trace', function_id: 'obs::on-trace', config: {} })
    w.registerFunction('obs::ok', async () => 1)
    w.registerFunction('obs::fail', async () => {
      throw new Error('nope')
    })
    await waitFor(() => engine.core.functions.get('default', 'obs::fail'))
    await w.trigger<any>({ function_id: 'obs::ok', payload: {} })
    await w.trigger<any>({ function_id: 'obs::fail', payload: {} }).catch(() => {})
    const { engine_metrics } = await w.trigger<any>({
      function_id: 'engine::metrics::list',
      payload: {},
    })
    expect(engine_metrics.by_function['obs::ok']).toMatchObject({ invocations: 1, errors: 0 })
    expect(engine_metrics.by_function['obs::fail']).toMatchObject({ invocations: 1, errors: 1 })
    expect(engine_metrics['iii.invocation.errors.total']).toBeGreaterThanOrEqual(1)
    expect(engine_metrics['iii.workers.active']).toBe(1)
    const health = await w.trigger<any>({ function_id: 'engine::health::check', payload: {} })
    expect(health).toMatchObject({ status: 'healthy', version: engine.version })
    await waitFor(() => traceIds.length >= 2, { what: 'trace trigger deliveries' })
    const { spans } = await w.trigger<any>({
      function_id: 'engine::traces::list',
      payload: { trace_ids: traceIds, limit: 1000 },
    })
    expect(spans.some((s: any) => s.name === 'call obs::on-trace')).toBe(false)
    const bad = await w
      .trigger<any>({ function_id: 'engine::traces::list', payload: { sort_by: 'height' } })
      .catch((e: any) => e)
    expect(bad.code).toBe('deserialization_error')
    await w.shutdown()
  })
})
