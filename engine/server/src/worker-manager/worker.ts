import {
  compileRbac,
  type EngineBuiltinWorker,
  type EngineWorkerDefinition,
  type RbacConfigInput,
  workerListenerCapability,
} from '@iii/core'
import { type WorkerManagerConfig, WorkerManagerConfigSchema } from './config'
import { startWorkerListener, type WorkerListener } from './listener'

export interface WorkerManager extends EngineBuiltinWorker {
  readonly listener: WorkerListener | undefined
}

/** The functions this listener depends on: only trusted connections may register them. */
function reservedIds(config: WorkerManagerConfig): string[] {
  const rbac = config.rbac
  const ids = [
    config.middleware_function_id,
    rbac?.auth_function_id,
    rbac?.on_function_registration_function_id,
    rbac?.on_trigger_registration_function_id,
    rbac?.on_trigger_type_registration_function_id,
  ]
  return ids.filter((id): id is string => typeof id === 'string' && id !== '')
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
        for (const id of reservedIds(config)) ctx.reserveFunction(id)
        listener = await startWorkerListener(ctx.engine, config, {
          name: ctx.name,
          maxInflightInvocations: config.max_inflight_invocations,
          middlewareFunctionId: config.middleware_function_id,
          rbac: config.rbac ? compileRbac(config.rbac as RbacConfigInput) : undefined,
          routeTakeover: config.route_takeover,
          limits: {
            functions: config.max_functions_per_connection,
            bindings: config.max_bindings_per_connection,
            triggerTypes: config.max_trigger_types_per_connection,
            channels: config.max_channels_per_connection,
          },
        })
        const bound = listener
        ctx.offer(workerListenerCapability(ctx.name), {
          name: ctx.name,
          url: () => `ws://${bound.host}:${bound.port}`,
          guarded: config.rbac !== undefined || config.middleware_function_id !== undefined,
        })
      },
      stop() {
        listener?.close()
        listener = undefined
      },
    }
  },
}
