import { connectWorker, type StepContext } from './client'
import type { Outcome } from './compare'
import { shapeOf } from './normalise'

/** One scripted step, run the same way on each engine. */
export interface Step {
  name: string
  run(ctx: StepContext): Promise<Outcome>
}

const call = (name: string, functionId: string, payload: unknown): Step => ({
  name,
  run: (ctx) => ctx.call(functionId, payload),
})

const json = { 'content-type': 'application/json' }
const http = (
  name: string,
  method: string,
  path: string,
  init?: { body?: string; headers?: Record<string, string> },
): Step => ({ name, run: (ctx) => ctx.http(method, path, init) })

/** A step whose result is reduced to its shape before comparing. */
export const shapeOnly = (step: Step): Step => ({
  name: `${step.name} (shape)`,
  run: async (ctx) => {
    const out = await step.run(ctx)
    return out.kind === 'result' ? { kind: 'result', value: shapeOf(out.value) } : out
  },
})

const item = { stream_name: 'diff-stream', group_id: 'g', item_id: 'i' }
const ops = (...list: object[]) => list

/** Built-in functions with valid input, in an order where each builds on the one before. */
const validCalls: Step[] = [
  call('state::get missing key', 'state::get', { scope: 'diff', key: 'k' }),
  call('state::set new key', 'state::set', { scope: 'diff', key: 'k', value: { n: 1 } }),
  call('state::set existing key', 'state::set', { scope: 'diff', key: 'k', value: { n: 2 } }),
  call('state::set with data alias', 'state::set', { scope: 'diff', key: 'd', data: [1, 2] }),
  call('state::set null value', 'state::set', { scope: 'diff', key: 'z', value: null }),
  call('state::get present key', 'state::get', { scope: 'diff', key: 'k' }),
  call('state::update new key', 'state::update', {
    scope: 'diff',
    key: 'u',
    ops: ops({ type: 'set', path: 'a', value: 1 }),
  }),
  call('state::update every op', 'state::update', {
    scope: 'diff',
    key: 'u',
    ops: ops(
      { type: 'increment', path: 'a', by: 2 },
      { type: 'set', path: 'list', value: [] },
      { type: 'append', path: 'list', value: 'x' },
      { type: 'merge', path: '', value: { m: true } },
      { type: 'remove', path: 'm' },
    ),
  }),
  call('state::update failing op', 'state::update', {
    scope: 'diff',
    key: 'u',
    ops: ops({ type: 'append', path: 'a', value: 1 }),
  }),
  call('state::list', 'state::list', { scope: 'diff' }),
  call('state::list_groups', 'state::list_groups', {}),
  call('state::delete present key', 'state::delete', { scope: 'diff', key: 'k' }),
  call('state::delete missing key', 'state::delete', { scope: 'diff', key: 'k' }),
  call('stream::get missing item', 'stream::get', item),
  call('stream::set new item', 'stream::set', { ...item, data: { n: 1 } }),
  call('stream::set existing item', 'stream::set', { ...item, data: { n: 2 } }),
  call('stream::get present item', 'stream::get', item),
  call('stream::update new item', 'stream::update', {
    ...item,
    item_id: 'j',
    ops: ops({ type: 'set', path: 'a', value: 1 }),
  }),
  call('stream::update failing op', 'stream::update', {
    ...item,
    item_id: 'j',
    ops: ops({ type: 'append', path: 'a', value: 1 }),
  }),
  call('stream::list', 'stream::list', { stream_name: 'diff-stream', group_id: 'g' }),
  call('stream::list_groups', 'stream::list_groups', { stream_name: 'diff-stream' }),
  call('stream::list_all', 'stream::list_all', {}),
  call('stream::send', 'stream::send', { ...item, type: 'ping', data: { p: 1 } }),
  call('stream::delete present item', 'stream::delete', item),
  call('stream::delete missing item', 'stream::delete', item),
  call('publish', 'publish', { topic: 'diff-topic', data: { x: 1 } }),
  call('publish empty topic', 'publish', { topic: '', data: {} }),
  call('engine::log::info', 'engine::log::info', { message: 'from the diff runner' }),
  call('engine::functions::info of a worker function', 'engine::functions::info', {
    function_id: 'diff::echo',
  }),
  call('engine::functions::info unknown', 'engine::functions::info', { function_id: 'no::such' }),
  call('engine::channels::create', 'engine::channels::create', {}),
  call('engine::baggage::get_all', 'engine::baggage::get_all', {}),
]

const configSchema = {
  type: 'object',
  properties: { level: { type: 'string' } },
  required: ['level'],
}

/** Valid input to the queue, configuration and introspection built-ins. */
const moreValidCalls: Step[] = [
  call('engine::queue::topic_stats default', 'engine::queue::topic_stats', { topic: 'default' }),
  call('engine::queue::dlq_messages default', 'engine::queue::dlq_messages', { topic: 'default' }),
  call('iii::queue::redrive default', 'iii::queue::redrive', { queue: 'default' }),
  call('iii::queue::redrive_message unknown id', 'iii::queue::redrive_message', {
    queue: 'default',
    message_id: 'no-such',
  }),
  call('iii::durable::publish', 'iii::durable::publish', { topic: 'diff-durable', data: 1 }),
  call('configuration::register', 'configuration::register', {
    id: 'diff-config',
    name: 'Diff config',
    description: 'used by the diff runner',
    schema: configSchema,
    initial_value: { level: 'low' },
  }),
  call('configuration::get', 'configuration::get', { id: 'diff-config' }),
  call('configuration::set', 'configuration::set', { id: 'diff-config', value: { level: 'hi' } }),
  call('configuration::set against the schema', 'configuration::set', {
    id: 'diff-config',
    value: { level: 5 },
  }),
  call('configuration::schema', 'configuration::schema', { id: 'diff-config' }),
  call('configuration::get unknown id', 'configuration::get', { id: 'no-such-config' }),
  call('configuration::set unknown id', 'configuration::set', { id: 'no-such-config', value: 1 }),
  call('configuration::schema unknown id', 'configuration::schema', { id: 'no-such-config' }),
  call('engine::workers::info helper', 'engine::workers::info', { name: 'diff-helper' }),
  call('engine::workers::info unknown', 'engine::workers::info', { name: 'no-such-worker' }),
  call('engine::triggers::info http', 'engine::triggers::info', { id: 'http' }),
  call('engine::triggers::info unknown', 'engine::triggers::info', { id: 'no-such-type' }),
  call('engine::baggage::get', 'engine::baggage::get', { key: 'k' }),
  call('engine::baggage::set', 'engine::baggage::set', { key: 'k', value: 'v' }),
  call('engine::traces::tree unknown trace', 'engine::traces::tree', {
    trace_id: '0123456789abcdef0123456789abcdef',
  }),
  call('engine::log::warn with data', 'engine::log::warn', { message: 'm', data: { a: 1 } }),
  ...['trace', 'debug', 'error'].map((level) =>
    call(`engine::log::${level}`, `engine::log::${level}`, { message: level, data: 'text' }),
  ),
  call('engine::registered-triggers::info unknown', 'engine::registered-triggers::info', {
    id: 'no-such-binding',
  }),
  call('iii::queue::discard_message unknown id', 'iii::queue::discard_message', {
    queue: 'default',
    message_id: 'no-such',
  }),
  shapeOnly(
    call('engine::traces::group_by attribute', 'engine::traces::group_by', {
      attribute: 'iii.function.id',
    }),
  ),
  shapeOnly(call('engine::traces::list limit 1', 'engine::traces::list', { limit: 1 })),
  shapeOnly(
    call('engine::logs::list warn only', 'engine::logs::list', { severity_text: 'WARN', limit: 1 }),
  ),
  call('engine::traces::list bad sort_by', 'engine::traces::list', { sort_by: 'height' }),
  call('engine::logs::list limit not a number', 'engine::logs::list', { limit: 'ten' }),
]

/** Registration edge cases driven through the engine functions, answer by answer. */
const registrationCalls: Step[] = [
  {
    name: 'register_trigger then unregister it',
    run: async (ctx) => {
      const made = await ctx.call('engine::register_trigger', {
        trigger_type: 'http',
        function_id: 'diff::http-echo',
        config: { api_path: '/diff/temp', http_method: 'GET' },
      })
      if (made.kind !== 'result') return made
      const id = (made.value as { id?: string } | null)?.id
      const info = await ctx.call('engine::registered-triggers::info', { id })
      const gone = await ctx.call('engine::unregister_trigger', { id })
      if (gone.kind !== 'result') return gone
      const after = await ctx.http('GET', '/diff/temp')
      const again = await ctx.call('engine::unregister_trigger', { id })
      return { kind: 'result', value: { made: made.value, info, gone: gone.value, after, again } }
    },
  },
  call('register_trigger for an unregistered function', 'engine::register_trigger', {
    trigger_type: 'http',
    function_id: 'diff::ghost',
    config: { api_path: '/diff/ghost', http_method: 'GET' },
  }),
  http('HTTP route of an unregistered function', 'GET', '/diff/ghost'),
  call('register_trigger duplicate route', 'engine::register_trigger', {
    trigger_type: 'http',
    function_id: 'diff::echo',
    config: { api_path: '/diff/status', http_method: 'POST' },
  }),
  call('register_trigger subscribe', 'engine::register_trigger', {
    trigger_type: 'subscribe',
    function_id: 'diff::echo',
    config: { topic: 'diff-topic' },
  }),
  call('register_trigger cron valid', 'engine::register_trigger', {
    trigger_type: 'cron',
    function_id: 'diff::echo',
    config: { expression: '0 0 1 1 * *' },
  }),
  ...[
    ['http bad method', 'http', { api_path: '/diff/bad-method', http_method: 'FOO' }],
    ['http api_path not a string', 'http', { api_path: 5 }],
    ['subscribe without topic', 'subscribe', {}],
    ['durable:subscriber without topic', 'durable:subscriber', {}],
    ['cron unknown timezone', 'cron', { expression: '0 0 1 1 *', timezone: 'Nowhere/City' }],
  ].map(([what, trigger_type, config]) =>
    call(`register_trigger ${what}`, 'engine::register_trigger', {
      trigger_type,
      function_id: 'diff::echo',
      config,
    }),
  ),
  call('register_trigger without function_id', 'engine::register_trigger', {
    trigger_type: 'http',
    config: { api_path: '/diff/nofn' },
  }),
  call('register_trigger durable:subscriber', 'engine::register_trigger', {
    trigger_type: 'durable:subscriber',
    function_id: 'diff::echo',
    config: { topic: 'diff-durable' },
  }),
]

/** Invalid input to the main built-ins: wrong types, missing fields, non-object payloads. */
const invalidCalls: Step[] = [
  call('state::set missing key', 'state::set', { scope: 'diff' }),
  call('state::set key not a string', 'state::set', { scope: 'diff', key: 5, value: 1 }),
  call('state::get missing scope', 'state::get', { key: 'k' }),
  call('state::get payload not an object', 'state::get', 'text'),
  call('state::update ops not a list', 'state::update', { scope: 'diff', key: 'u', ops: 'x' }),
  call('state::update unknown op', 'state::update', {
    scope: 'diff',
    key: 'u',
    ops: ops({ type: 'explode', path: 'a' }),
  }),
  call('state::list missing scope', 'state::list', {}),
  call('stream::set missing stream_name', 'stream::set', { group_id: 'g', item_id: 'i', data: 1 }),
  call('stream::get missing item_id', 'stream::get', { stream_name: 's', group_id: 'g' }),
  call('stream::list missing group_id', 'stream::list', { stream_name: 's' }),
  call('stream::send missing type', 'stream::send', { stream_name: 's', group_id: 'g', data: 1 }),
  call('publish missing topic', 'publish', { data: {} }),
  call('engine::functions::info no id', 'engine::functions::info', {}),
  call('engine::register_trigger unknown type', 'engine::register_trigger', {
    trigger_type: 'no-such-type',
    function_id: 'diff::echo',
    config: {},
  }),
  call('engine::register_trigger http without api_path', 'engine::register_trigger', {
    trigger_type: 'http',
    function_id: 'diff::echo',
    config: {},
  }),
  call('engine::register_trigger cron bad expression', 'engine::register_trigger', {
    trigger_type: 'cron',
    function_id: 'diff::echo',
    config: { expression: 'not a cron' },
  }),
  call('engine::register_trigger route shape conflict', 'engine::register_trigger', {
    trigger_type: 'http',
    function_id: 'diff::echo',
    config: { api_path: '/diff/echo/:other', http_method: 'GET' },
  }),
  call('engine::unregister_trigger unknown id', 'engine::unregister_trigger', { id: 'no-such' }),
]

/** Worker functions: results, nothing, null, errors, unknown ids, void and enqueue. */
const workerCalls: Step[] = [
  call('worker function echo', 'diff::echo', { a: 1, nested: { b: [1, 'x', null] } }),
  call('worker function returns nothing', 'diff::nothing', {}),
  call('worker function returns null', 'diff::null', {}),
  call('worker function throws', 'diff::throw', {}),
  call('worker function throws with a code', 'diff::throw-code', {}),
  call('unknown function', 'diff::missing', {}),
  call('unknown function in a namespace-like id', 'other::thing::x', {}),
  { name: 'void call', run: (ctx) => ctx.call('diff::echo', { v: 1 }, 'void') },
  {
    name: 'enqueue to default',
    run: (ctx) => ctx.call('diff::echo', { q: 1 }, { queue: 'default' }),
  },
  {
    name: 'enqueue to an unknown queue',
    run: (ctx) => ctx.call('diff::echo', {}, { queue: 'nope' }),
  },
]

/** Every kind of request the http worker handles. */
const httpCalls: Step[] = [
  http('HTTP GET with path and query params', 'GET', '/diff/echo/7?q=1&r=two'),
  http('HTTP POST JSON body', 'POST', '/diff/echo/7', { body: '{"a":1}', headers: json }),
  http('HTTP POST invalid JSON', 'POST', '/diff/echo/7', { body: '{"a":', headers: json }),
  http('HTTP POST empty JSON body', 'POST', '/diff/echo/7', { body: '', headers: json }),
  http('HTTP POST text body', 'POST', '/diff/echo/7', {
    body: 'plain words',
    headers: { 'content-type': 'text/plain' },
  }),
  http('HTTP PUT', 'PUT', '/diff/echo/7', { body: '{"put":true}', headers: json }),
  http('HTTP PATCH', 'PATCH', '/diff/echo/7', { body: '{"patch":true}', headers: json }),
  http('HTTP DELETE', 'DELETE', '/diff/echo/7'),
  http('HTTP HEAD', 'HEAD', '/diff/echo/7'),
  http('HTTP OPTIONS', 'OPTIONS', '/diff/echo/7'),
  http('HTTP CORS preflight', 'OPTIONS', '/diff/echo/7', {
    headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' },
  }),
  http('HTTP custom status, headers and text body', 'POST', '/diff/status'),
  http('HTTP handler returns nothing', 'GET', '/diff/nothing'),
  http('HTTP handler throws', 'GET', '/diff/throw'),
  http('HTTP unknown route', 'GET', '/diff/none'),
  http('HTTP known path, other method', 'POST', '/diff/throw'),
  http('HTTP middleware continues', 'GET', '/diff/mw?m=1'),
  { name: 'HTTP middleware input', run: (ctx) => ctx.call('diff::mw-last', {}) },
  http('HTTP middleware responds', 'GET', '/diff/blocked'),
  http('HTTP middleware throws', 'GET', '/diff/mw-throw'),
  http('HTTP condition false', 'GET', '/diff/cond'),
  http('HTTP trailing slash', 'GET', '/diff/echo/7/'),
  http('HTTP encoded path param', 'GET', '/diff/echo/a%20b'),
  http('HTTP repeated query keys', 'GET', '/diff/echo/7?a=1&a=2'),
  http('HTTP form body', 'POST', '/diff/echo/7', {
    body: 'a=1&b=two',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  http('HTTP binary body', 'POST', '/diff/echo/7', {
    body: 'AAEC',
    headers: { 'content-type': 'application/octet-stream' },
  }),
  http('HTTP custom request header', 'GET', '/diff/echo/7', { headers: { 'x-diff-in': 'yes' } }),
  http('HTTP unknown method', 'PROPFIND', '/diff/echo/7'),
]

/**
 * A second worker registers `diff::echo` while the helper's is live, then leaves: who answers
 * while both are connected, and after. Last, because it may take the function away.
 */
const secondRegistration: Step = {
  name: 'second registration of a live function id',
  run: async (ctx) => {
    const second = connectWorker(ctx.engine, 'diff-second')
    second.registerFunction('diff::echo', (async () => 'second') as never)
    await new Promise((r) => setTimeout(r, ctx.engine.graceMs + 500))
    const whileBoth = await ctx.call('diff::echo', { from: 'caller' })
    await second.shutdown()
    await new Promise((r) => setTimeout(r, 500))
    const after = await ctx.call('diff::echo', { from: 'caller' })
    return { kind: 'result', value: { whileBoth, after } }
  },
}

/**
 * Built-ins whose answers are snapshots of per-run counts (metrics, health, stored telemetry,
 * alerts): only their shape is compared.
 */
const SNAPSHOTS = /^engine::(metrics|health|rollups|traces|logs|alerts)::/

/** Every scripted step, then one `{}` call per built-in function either engine registered. */
export function scriptedSteps(builtinIds: string[]): Step[] {
  const skip = /shutdown|restart|::on-config-change|reload|::ui-/
  const probes = builtinIds
    .filter((id) => !skip.test(id))
    .sort()
    .map((id) => {
      const step = call(`${id} with {}`, id, {})
      return SNAPSHOTS.test(id) ? shapeOnly(step) : step
    })
  return [
    ...validCalls,
    ...moreValidCalls,
    ...invalidCalls,
    ...workerCalls,
    ...httpCalls,
    ...registrationCalls,
    ...probes,
    secondRegistration,
  ]
}
