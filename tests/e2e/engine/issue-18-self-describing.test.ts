import { uniqueName } from '@iii/testing'
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

interface Row {
  function_id: string
  worker_name: string
}

const isSchema = (s: unknown) => typeof s === 'object' && s !== null && !Array.isArray(s)

/**
 * Calls that a fresh embedded-defaults engine answers, with an input each: the result must
 * satisfy the function's own `response_format`, and the input its `request_format`.
 */
const sampleCalls = (scope: string): [string, Record<string, unknown>][] => [
  ['engine::functions::list', {}],
  ['engine::functions::info', { function_id: 'state::get' }],
  ['engine::functions::info', { function_ids: ['state::get', 'nope::missing'] }],
  ['engine::triggers::list', { include_internal: true }],
  ['engine::triggers::info', { id: 'state' }],
  ['engine::registered-triggers::list', {}],
  ['engine::workers::list', {}],
  ['engine::workers::info', { name: 'iii-state' }],
  ['engine::unregister_trigger', { id: 'no-such-binding' }],
  ['engine::channels::create', {}],
  ['engine::log::info', { message: 'hello', data: { a: 1 } }],
  ['engine::traces::list', { limit: 5 }],
  ['engine::traces::tree', { trace_id: '0'.repeat(32) }],
  ['engine::logs::list', { limit: 5 }],
  ['engine::metrics::list', {}],
  ['engine::health::check', {}],
  ['engine::baggage::get', { key: 'k' }],
  ['engine::baggage::get_all', {}],
  ['engine::baggage::set', { key: 'k', value: 'v' }],
  ['engine::sampling::rules', {}],
  ['state::set', { scope, key: 'k', value: { n: 1 } }],
  ['state::get', { scope, key: 'k' }],
  ['state::update', { scope, key: 'k', ops: [{ type: 'set', path: 'n', value: 2 }] }],
  ['state::list', { scope }],
  ['state::list_keys', { scope }],
  ['state::list_groups', {}],
  ['state::delete', { scope, key: 'k' }],
  ['stream::set', { stream_name: scope, group_id: 'g', item_id: 'i', data: { n: 1 } }],
  ['stream::get', { stream_name: scope, group_id: 'g', item_id: 'i' }],
  ['stream::list', { stream_name: scope, group_id: 'g' }],
  ['stream::list_groups', { stream_name: scope }],
  ['stream::list_all', {}],
  ['stream::send', { stream_name: scope, group_id: 'g', type: 'ping', data: 1 }],
  ['stream::delete', { stream_name: scope, group_id: 'g', item_id: 'i' }],
  ['publish', { topic: scope, data: 1 }],
  ['iii::durable::publish', { topic: scope, data: 1 }],
  ['engine::queue::list_topics', {}],
  ['engine::queue::dlq_topics', {}],
  [
    'configuration::register',
    {
      id: scope,
      name: 'n',
      description: 'd',
      schema: { type: 'object' },
      initial_value: {},
    },
  ],
  ['configuration::set', { id: scope, value: { a: 1 } }],
  ['configuration::get', { id: scope }],
  ['configuration::list', {}],
  ['configuration::schema', { id: scope }],
]

describe('issue 18: every built-in function and trigger type describes itself', () => {
  it('engine::functions::info shows a request and a response schema for every built-in function', async () => {
    await using engine = await startTestEngine()
    const name = uniqueName('schema-walker')
    const w = registerWorker(engine.url, { workerName: name })
    try {
      const { functions } = await w.trigger<unknown, { functions: Row[] }>({
        function_id: 'engine::functions::list',
        payload: { include_internal: true },
      })
      const builtins = functions.filter((f) => f.worker_name !== name)
      expect(builtins.length).toBeGreaterThanOrEqual(59)
      const missing: string[] = []
      for (let i = 0; i < builtins.length; i += 32) {
        const ids = builtins.slice(i, i + 32).map((f) => f.function_id)
        const info = await w.trigger<unknown, { functions: Record<string, unknown>[] }>({
          function_id: 'engine::functions::info',
          payload: { function_ids: ids },
        })
        for (const d of info.functions) {
          if (!isSchema(d.request_schema)) missing.push(`${d.function_id} request_schema`)
          if (!isSchema(d.response_schema)) missing.push(`${d.function_id} response_schema`)
        }
      }
      expect(missing).toEqual([])
    } finally {
      await w.shutdown()
    }
  })

  it('engine::triggers::info shows a configuration schema for every built-in trigger type', async () => {
    await using engine = await startTestEngine()
    const w = registerWorker(engine.url, { workerName: uniqueName('schema-walker') })
    try {
      const { triggers } = await w.trigger<unknown, { triggers: { id: string }[] }>({
        function_id: 'engine::triggers::list',
        payload: { include_internal: true },
      })
      expect(triggers.length).toBeGreaterThanOrEqual(13)
      const missing: string[] = []
      for (const t of triggers) {
        const info = await w.trigger<unknown, Record<string, unknown>>({
          function_id: 'engine::triggers::info',
          payload: { id: t.id },
        })
        if (!isSchema(info.configuration_schema)) missing.push(t.id)
      }
      expect(missing).toEqual([])
    } finally {
      await w.shutdown()
    }
  })

  it('real calls satisfy the schemas: inputs their request schema, results their response schema', async () => {
    await using engine = await startTestEngine()
    const w = registerWorker(engine.url, { workerName: uniqueName('schema-caller') })
    try {
      const scope = uniqueName('schemas').replace(/[^a-z0-9_-]/g, '_')
      const wrong: string[] = []
      for (const [id, input] of sampleCalls(scope)) {
        const entry = engine.core.functions.get('default', id)
        if (!entry) throw new Error(`${id} is not registered`)
        if (!Value.Check(entry.request_format as TSchema, input)) wrong.push(`${id} request`)
        const result = await w.trigger({ function_id: id, payload: input })
        if (!Value.Check(entry.response_format as TSchema, result))
          wrong.push(`${id} response ${String(JSON.stringify(result)).slice(0, 200)}`)
      }
      expect(wrong).toEqual([])
    } finally {
      await w.shutdown()
    }
  })

  it('a request schema refuses what the function refuses', async () => {
    await using engine = await startTestEngine()
    const w = registerWorker(engine.url, { workerName: uniqueName('schema-bad') })
    try {
      const bad: [string, unknown][] = [
        ['state::get', { scope: 'only-scope' }],
        ['stream::set', { stream_name: 's', group_id: 'g' }],
        ['engine::traces::tree', {}],
        ['engine::queue::enqueue', { queue: 'q' }],
      ]
      for (const [id, input] of bad) {
        const entry = engine.core.functions.get('default', id)
        expect(Value.Check(entry?.request_format as TSchema, input), id).toBe(false)
        await expect(w.trigger({ function_id: id, payload: input }), id).rejects.toThrow()
      }
    } finally {
      await w.shutdown()
    }
  })
})
