import {
  compileRbac,
  type EngineBuiltinWorker,
  type EngineWorkerDefinition,
  type RbacConfigInput,
} from '@iii/core'
import { type WorkerManagerConfig, WorkerManagerConfigSchema } from './config'
import { startWorkerListener, type WorkerListener } from './listener'

export interface WorkerManager extends EngineBuiltinWorker {
  readonly listener: WorkerListener | undefined
}

/** `iii-worker-manager`: one worker WebSocket listener per entry; the first is the main one. */
export const workerManagerWorker: EngineWorkerDefinition<WorkerManagerConfig> = {
  name: 'iii-worker-manager',
  engineAccess: true,
  mandatory: true,
  defaultOn: true,
  multiple: true,
  configSchema: WorkerManagerConfigSchema,
  create(config): WorkerManager {
    let listener: WorkerListener | undefined
    return {
      get listener() {
        return listener
      },
      address() {
        return listener ? { host: listener.host, port: listener.port } : undefined
      },
      async start(ctx) {
        listener = await startWorkerListener(ctx.engine, config, {
          name: ctx.name,
          maxInflightInvocations: config.max_inflight_invocations,
          middlewareFunctionId: config.middleware_function_id,
          rbac: config.rbac ? compileRbac(config.rbac as RbacConfigInput) : undefined,
        })
      },
      stop() {
        listener?.close()
        listener = undefined
      },
    }
  },
}
