import type { EngineCore, Logger, WorkerHost } from '@iii/core'
import { engineCoreDefaults, outboundBudgetDefaults } from '@iii/core'
import type { EngineConfig, WorkerInstance } from './load'

export interface ReloadSummary {
  added: string[]
  removed: string[]
  changed: string[]
  failed: string[]
}

/** JSON with object keys sorted, so key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )
}

/**
 * Starts an added worker, or restarts a running one; when a restart cannot start the new config,
 * the host starts the config the worker ran again.
 */
async function tryApply(
  host: WorkerHost,
  instance: WorkerInstance,
  { logger, running }: { logger: Logger; running: boolean },
): Promise<boolean> {
  try {
    if (running) await host.restart(instance.instanceName, instance.config)
    else await host.start(instance.instanceName, instance.definition, instance.config)
    return true
  } catch (err) {
    logger.error('config reload: worker failed to start', {
      worker: instance.instanceName,
      err: (err as Error).message,
    })
    return false
  }
}

/**
 * Applies a new config to a running engine (PROTOCOL.md §14.5): workers are started, stopped or
 * restarted only where their entry was added, removed or changed; the rest keep running. A
 * changed worker that cannot start with its new config is started again with the config it ran
 * (its old block, or a runtime change made through `configuration::set`, BUILTINS.md §0.2).
 */
export async function applyConfig(
  { core, host }: { core: EngineCore; host: WorkerHost },
  current: EngineConfig,
  next: EngineConfig,
): Promise<ReloadSummary> {
  const logger = core.logger
  const before = new Map(current.workers.map((w) => [w.instanceName, w]))
  const after = new Map(next.workers.map((w) => [w.instanceName, w]))
  const summary: ReloadSummary = { added: [], removed: [], changed: [], failed: [] }
  for (const [name, old] of before) {
    if (after.has(name)) continue
    await host.stop(name)
    summary.removed.push(name)
    logger.info('config reload: worker stopped', { worker: old.instanceName })
  }
  for (const [name, instance] of after) {
    const old = before.get(name)
    if (old && canonical(old.config) === canonical(instance.config)) continue
    if (
      await tryApply(host, instance, {
        logger,
        running: old !== undefined && host.names().includes(name),
      })
    ) {
      ;(old ? summary.changed : summary.added).push(name)
    } else {
      summary.failed.push(name)
      // Diff the next reload against the block that still runs.
      if (old && host.names().includes(name)) next.workers[next.workers.indexOf(instance)] = old
    }
  }
  core.invocationTimeoutMs = next.invocationTimeoutMs ?? engineCoreDefaults.invocationTimeoutMs
  core.registrationNamespaceGraceMs =
    next.registrationNamespaceGraceMs ?? engineCoreDefaults.registrationNamespaceGraceMs
  core.outbound.limits = {
    globalBytes: next.outboundBudgetBytes ?? outboundBudgetDefaults.globalBytes,
    socketBytes: next.socketOutboundBudgetBytes ?? outboundBudgetDefaults.socketBytes,
  }
  return summary
}
