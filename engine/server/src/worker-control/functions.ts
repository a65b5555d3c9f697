import { isAbsolute } from 'node:path'
import {
  type BuiltinHandler,
  type EngineWorkerContext,
  type FunctionDef,
  parseInput,
  type WorkerDefinition,
  type WorkerHost,
} from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { ConfigEdit } from './config-edit'
import { AddInput, AddOutput, NameInput, RemoveOutput, RestartOutput } from './inputs'
import { planLocalWorker, projectName } from './local-project'
import { waitUntilReady } from './readiness'

/** What the engine lends `iii-worker-control`. */
export interface WorkerChanges {
  catalogue: WorkerDefinition<unknown>[]
  host: WorkerHost
  /**
   * Applies one edit of the config to the running engine through its one change queue, then
   * writes the config file (when the engine runs from one). Rejects, changing nothing, when the
   * edited config is invalid or a worker it adds cannot start.
   */
  change(edit: (config: ConfigEdit) => void): Promise<{ file: string | null }>
  /** `ws://host:port` of the main worker listener, handed to local workers as `III_URL`. */
  url(): string
}

const defaultWaitMs = 10_000

/** The input without the `_caller_worker_id` the engine adds to every socket call. */
function ownInput(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data
  const { _caller_worker_id: _, ...rest } = data as Record<string, unknown>
  return rest
}

function lookup(changes: WorkerChanges, name: string): WorkerDefinition<unknown> | undefined {
  return changes.catalogue.find((d) => d.name === name || (d.aliases ?? []).includes(name))
}

function addable(changes: WorkerChanges): string {
  return changes.catalogue
    .filter((d) => !d.mandatory)
    .map((d) => d.aliases?.[0] ?? d.name)
    .join(', ')
}

function builtinFunctions(ctx: EngineWorkerContext, instanceName: string): string[] {
  return [...ctx.engine.workers.all()]
    .filter((w) => w.kind === 'builtin' && w.name === instanceName)
    .flatMap((w) => ctx.engine.functions.ownedBy(w).map((f) => f.id))
    .sort()
}

async function addBuiltin(
  ctx: EngineWorkerContext,
  changes: WorkerChanges,
  q: { worker: string; config?: Record<string, unknown> },
) {
  const def = lookup(changes, q.worker)
  if (!def)
    throw new IIIError(
      'NOT_FOUND',
      `no built-in worker ${q.worker}; built-ins you can add: ${addable(changes)}`,
    )
  if (def.mandatory)
    throw new IIIError('INVALID_ARGUMENTS', `${def.name} always runs; there is nothing to add`)
  if (changes.host.names().includes(def.name))
    throw new IIIError(
      'WORKER_EXISTS',
      `${def.name} is already running; change its config with configuration::set or in the config file`,
    )
  const { file } = await changes.change((config) => {
    if (config.hasWorker({ name: def.name, aliases: def.aliases ?? [] }))
      throw new IIIError('WORKER_EXISTS', `${def.name} is already in the config file`)
    config.addWorker(def.name, q.config)
  })
  return { name: def.name, kind: 'builtin', functions: builtinFunctions(ctx, def.name), file }
}

async function addLocal(
  ctx: EngineWorkerContext,
  changes: WorkerChanges,
  q: ReturnType<typeof parseAdd> & { path: string },
) {
  if (!isAbsolute(q.path))
    throw new IIIError('INVALID_ARGUMENTS', `path must be absolute, got ${q.path}`)
  const plan = planLocalWorker(q.path)
  const name = q.name ?? projectName(q.path)
  const env = { III_URL: changes.url(), III_WORKER_NAME: name, ...q.env }
  const { file } = await changes.change((config) => {
    if (config.processNames().includes(name))
      throw new IIIError(
        'WORKER_EXISTS',
        `a local worker named ${name} already exists; remove it first or pass another name`,
      )
    config.addProcess({
      name,
      command: plan.command,
      args: plan.args,
      cwd: q.path,
      env,
      watch: q.watch ? plan.watch : undefined,
    })
  })
  const ready = await waitUntilReady(ctx, {
    processName: name,
    expect: q.expect_functions ?? [],
    waitMs: q.wait_ms ?? defaultWaitMs,
  })
  return {
    name,
    kind: 'local',
    language: plan.language,
    command: [plan.command, ...plan.args].join(' '),
    pid: ready.pid,
    workers: ready.workers,
    functions: ready.functions,
    file,
  }
}

function parseAdd(data: unknown) {
  const q = parseInput(AddInput, ownInput(data))
  if ((q.worker === undefined) === (q.path === undefined))
    throw new IIIError(
      'INVALID_ARGUMENTS',
      'give either `worker` (a built-in such as queue) or `path` (a local worker project)',
    )
  if (q.worker !== undefined && (q.name ?? q.env ?? q.watch ?? q.expect_functions) !== undefined)
    throw new IIIError(
      'INVALID_ARGUMENTS',
      '`name`, `env`, `watch` and `expect_functions` apply to local workers (`path`) only',
    )
  if (q.path !== undefined && q.config !== undefined)
    throw new IIIError('INVALID_ARGUMENTS', '`config` applies to built-in workers only')
  return q
}

async function add(ctx: EngineWorkerContext, changes: WorkerChanges, data: unknown) {
  const startedMs = Date.now()
  const q = parseAdd(data)
  const result =
    q.worker !== undefined
      ? await addBuiltin(ctx, changes, { worker: q.worker, config: q.config })
      : await addLocal(ctx, changes, { ...q, path: q.path as string })
  const { file, ...rest } = result
  return { ...rest, config_file: file, elapsed_ms: Date.now() - startedMs }
}

async function remove(changes: WorkerChanges, data: unknown) {
  const { name } = parseInput(NameInput, ownInput(data))
  const def = lookup(changes, name)
  if (def?.mandatory)
    throw new IIIError(
      'INVALID_ARGUMENTS',
      `${def.name} is part of the engine and cannot be removed`,
    )
  let kind = 'builtin'
  const { file } = await changes.change((config) => {
    if (def && config.removeWorker({ name: def.name, aliases: def.aliases ?? [] })) return
    kind = 'local'
    if (config.removeProcess(name)) return
    const locals = config.processNames()
    throw new IIIError(
      'NOT_FOUND',
      `no worker ${name} in the config; local workers: ${locals.join(', ') || 'none'}`,
    )
  })
  return { name: def && kind === 'builtin' ? def.name : name, kind, config_file: file }
}

async function restart(ctx: EngineWorkerContext, changes: WorkerChanges, data: unknown) {
  const { name } = parseInput(NameInput, ownInput(data))
  const def = lookup(changes, name)
  if (def && changes.host.names().includes(def.name)) {
    await changes.host.restart(def.name, changes.host.configOf(def.name))
    return { name: def.name, kind: 'builtin', functions: builtinFunctions(ctx, def.name) }
  }
  if (!changes.host.names().includes('iii-exec'))
    throw new IIIError('NOT_FOUND', `no running worker ${name}`)
  const status = await ctx.invoke({ functionId: 'exec::restart', data: { name } })
  return { name, kind: 'local', status }
}

/** The functions of `iii-worker-control`, with their descriptions. */
export function workerFunctions(
  ctx: EngineWorkerContext,
  changes: WorkerChanges,
): [FunctionDef, BuiltinHandler][] {
  return [
    [
      {
        id: 'engine::workers::add',
        description:
          'Add a built-in worker or a local worker project to the running engine and its config file; returns once its functions are registered.',
        request_format: AddInput,
        response_format: AddOutput,
      },
      (data) => add(ctx, changes, data),
    ],
    [
      {
        id: 'engine::workers::remove',
        description: 'Stop a built-in or local worker and remove it from the config file.',
        request_format: NameInput,
        response_format: RemoveOutput,
      },
      (data) => remove(changes, data),
    ],
    [
      {
        id: 'engine::workers::restart',
        description: 'Restart a built-in or local worker with its current config.',
        request_format: NameInput,
        response_format: RestartOutput,
      },
      (data) => restart(ctx, changes, data),
    ],
  ]
}
