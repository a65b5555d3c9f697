import type { EngineBuiltinWorker, EngineWorkerContext, EngineWorkerDefinition } from '@iii/core'
import { Type } from '@sinclair/typebox'
import { type WorkerChanges, workerFunctions } from './functions'

export type { WorkerChanges } from './functions'

/**
 * `iii-worker-control`: `engine::workers::add`, `::remove` and `::restart` change the running
 * engine's workers and its config file. Started by the engine itself (it is not a config entry),
 * so it sees the engine's config and change queue.
 */
export function workerControlWorker(
  changes: WorkerChanges,
): EngineWorkerDefinition<Record<string, never>> {
  return {
    name: 'iii-worker-control',
    engineAccess: true,
    configSchema: Type.Object({}, { additionalProperties: false }),
    create(): EngineBuiltinWorker {
      return {
        start(ctx: EngineWorkerContext) {
          for (const [def, handler] of workerFunctions(ctx, changes))
            ctx.registerFunction(def, handler)
        },
        stop() {},
      }
    },
  }
}
