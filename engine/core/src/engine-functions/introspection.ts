import { EngineFunctionInputs, IIIError } from '@iii/protocol'
import type { EngineCore } from '../engine-core'
import { isBlank, isEngineId } from '../ids'
import { parseInput } from '../input'
import type { Binding, CallInfo, FunctionEntry, TriggerTypeEntry } from '../model'
import { Session } from '../session'

const matches = (text: string, search?: string) =>
  !search || text.toLowerCase().includes(search.toLowerCase())

/** Listing hides engine ids (but engine::queue::*) and metadata.internal, unless asked. */
export function isInternalFunction(entry: FunctionEntry): boolean {
  if (isEngineId(entry.id) && !entry.id.startsWith('engine::queue::')) return true
  return (entry.metadata as { internal?: unknown } | undefined)?.internal === true
}

export function functionRow(f: FunctionEntry) {
  const row: Record<string, unknown> = {
    function_id: f.id,
    namespace: f.namespace,
    worker_name: f.owner.name,
  }
  if (f.description !== undefined) row.description = f.description
  if (f.metadata !== undefined) row.metadata = f.metadata
  return row
}

export function bindingRow(b: Binding) {
  return {
    id: b.id,
    trigger_type: b.trigger_type,
    function_id: b.function_id,
    worker_name: b.owner?.name ?? 'engine',
    config: b.config,
    config_summary: summarize(b.config),
    status: b.provider ? ('active' as const) : ('parked' as const),
    ...(b.provider ? {} : { parked_reason: parkedReason(b) }),
  }
}

/** Why a binding is not firing: its provider's refusal, else the missing provider. */
function parkedReason(b: Binding): string {
  if (b.parkError) return `${b.parkError.code}: ${b.parkError.message}`
  return `no worker provides the trigger type ${b.trigger_type}`
}

const SUMMARY_CHARS = 80

/** The config as JSON with sorted keys, cut at 80 characters with `…`, as the reference shows it. */
function summarize(config: unknown): string {
  const text = JSON.stringify(sortedKeys(config)) ?? ''
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]))
}

function functionDetail(engine: EngineCore, f: FunctionEntry) {
  const detail: Record<string, unknown> = functionRow(f)
  if (f.request_format !== undefined) detail.request_schema = f.request_format
  if (f.response_format !== undefined) detail.response_schema = f.response_format
  detail.registered_triggers = [...engine.bindings.all()]
    .filter((b) => b.function_id === f.id && b.namespace === f.namespace)
    .map(bindingRow)
  return detail
}

/**
 * Lookup without a namespace: a `default` entry wins, else a unique entry elsewhere, else
 * `NOT_FOUND` naming the candidates (PROTOCOL.md §10).
 */
function lookupFunction(engine: EngineCore, id: string, namespace?: string): FunctionEntry {
  if (namespace !== undefined) {
    if (isBlank(namespace)) throw new IIIError('INVALID_NAMESPACE', 'namespace must not be blank')
    const entry = engine.functions.get(namespace, id)
    if (entry) return entry
    const elsewhere = engine.functions.namespacesOf(id)
    const hint = elsewhere.length ? `; it exists in: ${elsewhere.join(', ')}` : ''
    throw new IIIError('NOT_FOUND', `function ${id} not found in namespace ${namespace}${hint}`)
  }
  const found = engine.functions.get('default', id)
  if (found) return found
  const candidates = engine.functions.namespacesOf(id)
  if (candidates.length === 1)
    return engine.functions.get(candidates[0] as string, id) as FunctionEntry
  if (candidates.length === 0) throw new IIIError('NOT_FOUND', `function ${id} not found`)
  throw new IIIError(
    'NOT_FOUND',
    `function ${id} is ambiguous; it exists in namespaces: ${candidates.join(', ')}`,
  )
}

/** Whether the caller's grant lets it see (and call) a function; built-in callers see everything. */
function visibleTo(engine: EngineCore, call: CallInfo | undefined, f: FunctionEntry): boolean {
  const caller = call?.caller
  return (
    !(caller instanceof Session) ||
    engine.hooks.authorizeCall(caller, f.id, f.namespace) === undefined
  )
}

export function listFunctions(engine: EngineCore, data: unknown, call?: CallInfo) {
  const q = parseInput(EngineFunctionInputs['engine::functions::list'], data)
  const workers = q.workers ?? (q.worker ? [q.worker] : undefined)
  const functions = [...engine.functions.all()]
    .filter((f) => q.include_internal || !isInternalFunction(f))
    .filter((f) => visibleTo(engine, call, f))
    .filter((f) => matches(f.id, q.search) && (!q.prefix || f.id.startsWith(q.prefix)))
    .filter((f) => !workers || workers.includes(f.owner.name))
    .sort((a, b) => a.id.localeCompare(b.id) || a.namespace.localeCompare(b.namespace))
    .map(functionRow)
  return { functions }
}

export function functionInfo(engine: EngineCore, data: unknown, call?: CallInfo) {
  const q = parseInput(EngineFunctionInputs['engine::functions::info'], data)
  if ((q.function_id === undefined) === (q.function_ids === undefined)) {
    throw new IIIError('INVALID_ARGUMENTS', 'give exactly one of function_id or function_ids')
  }
  const detail = (id: string) => {
    const f = lookupFunction(engine, id, q.namespace)
    if (!visibleTo(engine, call, f))
      throw new IIIError('FORBIDDEN', `function ${id} is not visible to this connection`)
    return functionDetail(engine, f)
  }
  if (q.function_id !== undefined) return detail(q.function_id)
  const ids = q.function_ids as string[]
  if (ids.length > 32) throw new IIIError('INVALID_ARGUMENTS', 'at most 32 function_ids per call')
  return {
    functions: ids.map((id) => {
      try {
        return detail(id)
      } catch (err) {
        return {
          function_id: id,
          error: (err as IIIError).code === 'FORBIDDEN' ? 'forbidden' : 'not_found',
        }
      }
    }),
  }
}

const isInternalType = (t: TriggerTypeEntry) => t.id.startsWith('engine::')

export function listTriggerTypes(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::triggers::list'], data)
  const triggers = [...engine.triggerTypes.all()]
    .filter((t) => q.include_internal || !isInternalType(t))
    .filter((t) => matches(t.id, q.search) && (!q.prefix || t.id.startsWith(q.prefix)))
    .filter((t) => !q.worker || t.owner.name === q.worker)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((t) => ({
      id: t.id,
      namespace: t.namespace,
      worker_name: t.owner.name,
      description: t.description,
    }))
  return { triggers }
}

export function triggerTypeInfo(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::triggers::info'], data)
  const candidates = [...engine.triggerTypes.all()].filter(
    (t) => t.id === q.id && (q.namespace === undefined || t.namespace === q.namespace),
  )
  const entry = candidates.find((t) => t.namespace === 'default') ?? candidates[0]
  if (!entry) throw new IIIError('NOT_FOUND', `trigger type ${q.id} not found`)
  return triggerTypeDetail(engine, entry)
}

/** The `engine::triggers::info` answer for one trigger type (also `trigger` of a binding's info). */
function triggerTypeDetail(engine: EngineCore, entry: TriggerTypeEntry) {
  const out: Record<string, unknown> = {
    id: entry.id,
    namespace: entry.namespace,
    worker_name: entry.owner.name,
    description: entry.description,
    instance_count: engine.bindings.deliveredTo(entry),
  }
  if (entry.trigger_request_format !== undefined)
    out.configuration_schema = entry.trigger_request_format
  if (entry.call_request_format !== undefined) out.request_schema = entry.call_request_format
  return out
}

export function listBindings(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::registered-triggers::list'], data)
  const registered_triggers = [...engine.bindings.all()]
    .filter((b) => q.include_internal || !b.trigger_type.startsWith('engine::'))
    .filter((b) => !q.trigger_type || b.trigger_type === q.trigger_type)
    .filter((b) => !q.function_id || b.function_id === q.function_id)
    .filter((b) => !q.worker || (b.owner?.name ?? 'engine') === q.worker)
    .filter((b) => matches(`${b.id} ${b.trigger_type} ${b.function_id}`, q.search))
    .map(bindingRow)
  return { registered_triggers }
}

export function bindingInfo(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::registered-triggers::info'], data)
  const b = engine.bindings.get(q.id)
  if (!b) throw new IIIError('NOT_FOUND', `registered trigger ${q.id} not found`)
  const out: Record<string, unknown> = bindingRow(b)
  if (b.metadata !== undefined) out.metadata = b.metadata
  // The same details as engine::triggers::info and engine::functions::info, as the reference.
  if (b.provider) out.trigger = triggerTypeDetail(engine, b.provider)
  const fn = engine.functions.get(b.namespace, b.function_id)
  if (fn) out.function = functionDetail(engine, fn)
  return out
}
