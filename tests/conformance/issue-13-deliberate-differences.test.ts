import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk-published'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../src/engine'

/**
 * One test per deliberate difference from the reference engine recorded by issue 13
 * (docs/reference/PROTOCOL.md §15, entries 12–21 and 24–30), through the published iii-sdk.
 */
describe('issue 13: deliberate differences from the reference', () => {
  let engine: TestEngine
  let w: ReturnType<typeof registerWorker>
  let base: string
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

  const call = (function_id: string, payload: unknown) =>
    w.trigger({ function_id, payload, timeoutMs: 20_000 } as never) as Promise<any>
  const fail = (function_id: string, payload: unknown) => call(function_id, payload).catch((e) => e)

  beforeAll(async () => {
    engine = await startTestEngine()
    base = `http://127.0.0.1:${engine.address('iii-http')?.port}`
    w = registerWorker(engine.url, {
      workerName: uniqueName('deliberate'),
      otel: { enabled: false },
    } as never)
    const fn = (id: string, h: (input: any) => Promise<unknown>) =>
      w.registerFunction(id, h as never)
    fn('d13::echo', async (input) => input)
    fn('d13::http-echo', async (req) => ({
      status_code: 200,
      body: { method: req.method, path_params: req.path_params, body: req.body },
    }))
    fn('d13::http-nothing', async () => undefined)
    fn('d13::http-throw', async () => {
      throw new Error('handler exploded')
    })
    fn('d13::cond-false', async () => false)
    let lastMiddleware: unknown
    fn('d13::mw', async (input) => {
      lastMiddleware = input
      return { action: 'continue' }
    })
    fn('d13::mw-last', async () => lastMiddleware)
    const route = (function_id: string, api_path: string, http_method: string) =>
      w.registerTrigger({ type: 'http', function_id, config: { api_path, http_method } } as never)
    for (const m of ['GET', 'POST', 'OPTIONS']) route('d13::http-echo', '/d13/echo/:id', m)
    route('d13::http-nothing', '/d13/nothing', 'GET')
    route('d13::http-throw', '/d13/throw', 'GET')
    w.registerTrigger({
      type: 'http',
      function_id: 'd13::http-echo',
      config: {
        api_path: '/d13/cond',
        http_method: 'GET',
        condition_function_id: 'd13::cond-false',
      },
    } as never)
    w.registerTrigger({
      type: 'http',
      function_id: 'd13::http-echo',
      config: { api_path: '/d13/mw', http_method: 'GET', middleware_function_ids: ['d13::mw'] },
    } as never)
    await waitFor(async () => (await fetch(`${base}/d13/throw`)).status === 500, {
      what: 'routes live',
    })
  })

  afterAll(async () => {
    await w?.shutdown()
    await engine?.stop()
  })

  it('12: bad input is refused with our registry codes and a JSON pointer to the field', async () => {
    const state = await fail('state::set', { scope: 's' })
    expect(state.code).toBe('INVALID_ARGUMENTS')
    expect(state.message).toContain('invalid input at /key')
    const stream = await fail('stream::set', { group_id: 'g', item_id: 'i', data: 1 })
    expect(stream.code).toBe('STREAM_SET_ERROR')
    expect(stream.message).toContain('/stream_name')
    expect((await fail('publish', { data: 1 })).code).toBe('topic_not_set')
    const sort = await fail('engine::traces::list', { sort_by: 'height' })
    expect(sort.code).toBe('deserialization_error')
    expect(sort.message).toContain('/sort_by')
  })

  it('13: where the code agrees, the message is our own wording and doc_url our errors page', async () => {
    const scope = uniqueName('s')
    await call('state::set', { scope, key: 'k', value: 1 })
    const out = await call('state::update', {
      scope,
      key: 'k',
      ops: [{ type: 'append', path: '', value: 1 }],
    })
    expect(out.errors[0]).toMatchObject({ code: 'append.type_mismatch' })
    expect(out.errors[0].doc_url).toContain('docs/reference/errors.md')
    const missing = await fail('engine::functions::info', { function_id: 'no::such' })
    expect(missing.code).toBe('NOT_FOUND')
    expect(missing.message).toContain('no::such')
    const res = await fetch(`${base}/d13/none`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route for GET /d13/none' },
    })
    const worker = await fail('engine::workers::info', { name: 'no-such-worker' })
    expect(worker.code).toBe('NOT_FOUND')
    expect(worker.message).toContain('worker no-such-worker not found')
    const cond = await fetch(`${base}/d13/cond`)
    expect(cond.status).toBe(422)
    expect(((await cond.json()) as any).error).toEqual({
      code: 'CONDITION_NOT_MET',
      message: 'Request condition not met: d13::cond-false returned false; the handler was skipped',
    })
  })

  it('14: a malformed JSON body is a 400 INVALID_JSON, not a handler call with body null', async () => {
    const res = await fetch(`${base}/d13/echo/1`, {
      method: 'POST',
      body: '{"a":',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.code).toBe('INVALID_JSON')
  })

  it('15: an OPTIONS route is called like any other method', async () => {
    const res = await fetch(`${base}/d13/echo/2`, { method: 'OPTIONS' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ method: 'OPTIONS', path_params: { id: '2' } })
  })

  it('16: a handler with nothing to return answers 200 at once, not a 504 after the timeout', async () => {
    const res = await fetch(`${base}/d13/nothing`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })

  it('17: a trailing slash reaches the route', async () => {
    const res = await fetch(`${base}/d13/echo/7/`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ path_params: { id: '7' } })
  })

  it('18: path parameters arrive percent-decoded', async () => {
    const res = await fetch(`${base}/d13/echo/a%20b`)
    expect(await res.json()).toMatchObject({ path_params: { id: 'a b' } })
  })

  it('19: an HTTP error_id is a UUID', async () => {
    const res = await fetch(`${base}/d13/throw`)
    expect(res.status).toBe(500)
    expect(((await res.json()) as any).error.error_id).toMatch(UUID)
  })

  it('20: a 405 carries our error envelope and an Allow header', async () => {
    const res = await fetch(`${base}/d13/echo/1`, { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, OPTIONS, POST')
    expect(((await res.json()) as any).error.code).toBe('METHOD_NOT_ALLOWED')
  })

  it('24: observability answers keep this engine’s own shapes beside the reference’s fields', async () => {
    const grouped = await call('engine::traces::group_by', {})
    expect(grouped).toMatchObject({ by: 'function', groups: expect.any(Array) })
    const rollups = await call('engine::rollups::list', {})
    expect(rollups).toMatchObject({
      resolution: '1m',
      bucket_ms: 60_000,
      buckets: expect.any(Array),
    })
    expect(rollups.rollups).toBeUndefined()
    const { engine_metrics: m } = await call('engine::metrics::list', {})
    expect(m['iii.invocations.total']).toEqual(expect.any(Number))
    expect(m.invocations.deferred).toBeUndefined()
    const { components } = await call('engine::health::check', {})
    expect(components.otel.details.exporter).toBe('memory')
    expect(components.workers.connected).toBeGreaterThanOrEqual(1)
    const { spans } = await call('engine::traces::list', { limit: 1 })
    expect(spans[0].status).toMatchObject({ code: expect.any(String) })
    expect(spans[0].attributes).toEqual(expect.objectContaining({}))
    expect(Array.isArray(spans[0].attributes)).toBe(false)
    expect(spans[0].duration_ms).toEqual(expect.any(Number))
    const marker = uniqueName('log')
    await call('engine::log::warn', { message: marker, data: { a: 1 } })
    const { logs } = await call('engine::logs::list', { severity_text: 'WARN', limit: 100 })
    expect(logs.find((l: any) => l.body === marker)?.attributes).toEqual({ a: 1 })
  })

  it('25: worker rows: a built-in has a UUID id, runtime "builtin" and "" for text it lacks', async () => {
    const { workers } = await call('engine::workers::list', {})
    const state = workers.find((r: any) => r.name === 'iii-state')
    expect(state).toMatchObject({ runtime: 'builtin', os: '', isolation: '', ip_address: '' })
    expect(state.id).toMatch(UUID)
    const names = workers.map((r: any) => r.name)
    expect(names).toContain('iii-worker-control')
    expect(names).not.toContain('iii-telemetry')
    const { id } = await call('engine::register_trigger', {
      trigger_type: 'http',
      function_id: 'd13::http-echo',
      config: { api_path: '/d13/ownerless', http_method: 'GET' },
    })
    const info = await call('engine::registered-triggers::info', { id })
    expect(info).toMatchObject({
      worker_name: 'engine',
      config_summary: '{"api_path":"/d13/ownerless","http_method":"GET"}',
    })
    // As the reference: the trigger type's and the function's full details.
    expect(info.trigger).toMatchObject({ id: 'http', worker_name: 'iii-http' })
    expect(info.trigger.instance_count).toEqual(expect.any(Number))
    expect(info.trigger.configuration_schema).toBeDefined()
    expect(info.function.registered_triggers).toContainEqual(
      expect.objectContaining({ id, status: 'active', config_summary: info.config_summary }),
    )
    await call('engine::unregister_trigger', { id })
  })

  it('26: functions only this engine has are registered and check their input', async () => {
    for (const id of [
      'engine::workers::add',
      'engine::workers::remove',
      'engine::workers::restart',
      'iii::cron::next_runs',
      'iii::cron::run_now',
    ])
      expect((await fail(id, {})).code, id).toBe('INVALID_ARGUMENTS')
    const scope = uniqueName('keys')
    await call('state::set', { scope, key: 'a', value: 1 })
    expect(await call('state::list_keys', { scope })).toMatchObject({ keys: ['a'] })
    expect((await fail('engine::queue::enqueue', {})).code).toBe('INVALID_ARGUMENTS')
  })

  it('27: configuration::list names built-in entries by runtime name with builtin metadata', async () => {
    const { configurations } = await call('configuration::list', {})
    const http = configurations.find((c: any) => c.id === 'iii-http')
    expect(http).toMatchObject({
      name: 'iii-http',
      metadata: { builtin: true, worker: 'iii-http' },
    })
    const ids = configurations.map((c: any) => c.id)
    expect(ids).toEqual(expect.arrayContaining(['iii-pubsub', 'iii-worker-manager']))
  })

  it('28: queue listings and the owner of durable:subscriber', async () => {
    const { triggers } = await call('engine::triggers::list', {})
    const durable = triggers.find((t: any) => t.id === 'durable:subscriber')
    expect(durable.worker_name).toBe('iii-queue')
    const topics = await call('engine::queue::list_topics', {})
    expect(topics.find((t: any) => t.name === 'default')).toMatchObject({
      broker_type: 'function_queue',
    })
    expect(await call('engine::queue::dlq_topics', {})).toEqual([])
    const stats = await call('engine::queue::topic_stats', { topic: 'default' })
    expect(stats).toMatchObject({ consumer_count: 0, config: { concurrency: expect.any(Number) } })
  })

  it('29: HTTP: an unregistered function is 503, an unknown method 501, middleware gets both forms', async () => {
    const { id } = await call('engine::register_trigger', {
      trigger_type: 'http',
      function_id: 'd13::ghost',
      config: { api_path: '/d13/ghost', http_method: 'GET' },
    })
    const ghost = await fetch(`${base}/d13/ghost`)
    expect(ghost.status).toBe(503)
    expect(((await ghost.json()) as any).error.code).toBe('UNAVAILABLE')
    await call('engine::unregister_trigger', { id })
    const propfind = await fetch(`${base}/d13/echo/1`, { method: 'PROPFIND' })
    expect(propfind.status).toBe(501)
    expect(((await propfind.json()) as any).error.code).toBe('NOT_IMPLEMENTED')
    expect((await fetch(`${base}/d13/mw?m=1`)).status).toBe(200)
    const input = await call('d13::mw-last', {})
    expect(input).toMatchObject({
      phase: 'preHandler',
      method: 'GET',
      query_params: { m: '1' },
      request: { method: 'GET', query_params: { m: '1' } },
    })
  })

  it('30: a trigger config its provider cannot use is refused when bound', async () => {
    const bind = (trigger_type: string, config: unknown) =>
      fail('engine::register_trigger', { trigger_type, function_id: 'd13::echo', config })
    const method = await bind('http', { api_path: '/d13/m', http_method: 'FOO' })
    expect(method.code).toBe('trigger_registration_failed')
    expect(method.message).toContain('FOO')
    for (const type of ['subscribe', 'durable:subscriber']) {
      const noTopic = await bind(type, {})
      expect(noTopic.code, type).toBe('trigger_registration_failed')
      expect(noTopic.message, type).toContain('/topic')
    }
  })

  it('21: built-in workers register no internal on-config-change functions', async () => {
    const { functions } = await call('engine::functions::list', { include_internal: true })
    const ids = (functions as { function_id: string }[]).map((f) => f.function_id)
    expect(ids).toContain('state::get')
    expect(ids.filter((id) => id.endsWith('::on-config-change'))).toEqual([])
  })
})
