/**
 * Bench-only engine process: the worker listener and iii-state, the state worker running on the
 * periodic-flush baseline store (handed to it as a memory store is on a config reload).
 */
import { createLogger, EngineCore, type WorkerDefinition, WorkerHost } from '@iii/core'
import { engineVersion, parseConfigText, workerCatalogue } from 'iii-engine'
import { readPlan, runChild } from '../../core/child-io'
import { PeriodicFlushStateStore } from './periodic-flush-store'

interface Plan {
  port: number
  directory: string
  saveIntervalMs: number
}

runChild(async () => {
  const plan = readPlan<Plan>()
  const logger = createLogger({ level: 'warn' })
  const core = new EngineCore({ logger, version: engineVersion })
  const host = new WorkerHost(core)
  const store = new PeriodicFlushStateStore(plan.directory, plan.saveIntervalMs)
  const config = parseConfigText(
    JSON.stringify({
      workers: [
        { name: 'iii-worker-manager', config: { port: plan.port } },
        { name: 'iii-state', config: { adapter: { name: 'memory' } } },
      ],
    }),
    { file: '<bench>', version: engineVersion, catalogue: workerCatalogue },
  )
  for (const { instanceName, definition, config: workerConfig } of config.workers) {
    await host.start(
      instanceName,
      instanceName === 'iii-state' ? withStore(definition, store) : definition,
      workerConfig,
    )
  }
})

/** The state worker, started on `store` as if a previous instance had handed it over. */
function withStore(state: WorkerDefinition<unknown>, store: unknown): WorkerDefinition<unknown> {
  return {
    ...state,
    create(config) {
      const worker = state.create(config)
      return { ...worker, start: (ctx) => worker.start({ ...ctx, handedOver: store }) }
    },
  }
}
