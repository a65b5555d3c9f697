import { EngineFunctionInputs, IIIError } from '@iii/protocol'
import type { EngineCore } from '../engine-core'
import { announce } from '../handlers/lifecycle'
import { parseInput } from '../input'
import type { CallInfo, WorkerRecord } from '../model'
import { Session } from '../session'
import { bindingRow, functionRow } from './introspection'

function workerRow(engine: EngineCore, w: WorkerRecord) {
  const isSession = w.kind === 'session'
  const row = {
    name: w.name,
    description: w.meta.description ?? '',
    version: w.meta.version ?? '',
    id: w.id,
    namespace: w.namespace,
    runtime: w.meta.runtime ?? (isSession ? 'unknown' : 'builtin'),
    os: w.meta.os ?? '',
    status: isSession ? 'connected' : 'available',
    function_count: engine.functions.countOwnedBy(w),
    connected_at_ms: w.connectedAtMs,
    active_invocations: isSession ? (w as Session).inbound.size : 0,
    isolation: w.meta.isolation ?? '',
    ip_address: w.ip,
  }
  return w.meta.pid === undefined ? row : { ...row, pid: w.meta.pid }
}

export function listWorkers(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::workers::list'], data)
  const search = q.search?.toLowerCase()
  const workers = [...engine.workers.all()]
    .map((w) => workerRow(engine, w))
    .filter(
      (r) =>
        !search ||
        r.name.toLowerCase().includes(search) ||
        r.description.toLowerCase().includes(search),
    )
    .filter((r) => !q.runtime || r.runtime === q.runtime)
    .filter((r) => !q.status || r.status === q.status)
    .sort((a, b) => a.name.localeCompare(b.name))
  return { workers }
}

export function workerInfo(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::workers::info'], data)
  const all = [...engine.workers.all()].filter(
    (w) => w.name === q.name && (q.namespace === undefined || w.namespace === q.namespace),
  )
  const w = all.find((x) => x.namespace === 'default') ?? all[0]
  if (!w) throw new IIIError('NOT_FOUND', `worker ${q.name} not found`)
  const worker: Record<string, unknown> = {
    ...workerRow(engine, w),
    internal: w.kind === 'builtin',
  }
  if (w.meta.latestMetrics) worker.latest_metrics = w.meta.latestMetrics
  return {
    worker,
    functions: engine.functions.ownedBy(w).map(functionRow),
    trigger_types: engine.triggerTypes
      .ownedBy(w)
      .map((t) => ({ id: t.id, namespace: t.namespace, description: t.description })),
    registered_triggers: engine.bindings.ownedBy(w).map(bindingRow),
  }
}

export function registerWorker(engine: EngineCore, data: unknown, call: CallInfo) {
  const input = parseInput(EngineFunctionInputs['engine::workers::register'], data)
  if (!(call.caller instanceof Session)) {
    throw new IIIError(
      'INVALID_ARGUMENTS',
      'engine::workers::register must be called by a connected worker',
    )
  }
  return announce(engine, call.caller, input)
}
