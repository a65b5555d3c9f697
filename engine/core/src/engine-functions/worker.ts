import { type EngineFunctionId, EngineFunctionInputs, EngineFunctionOutputs } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import type { EngineBuiltinWorker, EngineWorkerDefinition } from '../worker'
import { createChannel, registerTrigger, unregisterTrigger } from './bindings'
import { startDiscovery } from './discovery'
import {
  bindingInfo,
  functionInfo,
  listBindings,
  listFunctions,
  listTriggerTypes,
  triggerTypeInfo,
} from './introspection'
import { listWorkers, registerWorker, workerInfo } from './workers'

const schemasOf = (id: EngineFunctionId) => ({
  request_format: EngineFunctionInputs[id],
  response_format: EngineFunctionOutputs[id],
})

/** `iii-engine-functions`: introspection, worker identity, channels and ownerless bindings. */
export const engineFunctionsWorker: EngineWorkerDefinition<Record<string, never>> = {
  name: 'iii-engine-functions',
  engineAccess: true,
  mandatory: true,
  defaultOn: true,
  configSchema: Type.Object({}, { additionalProperties: false }),
  create(): EngineBuiltinWorker {
    let stopDiscovery: (() => void) | undefined
    return {
      async start(ctx) {
        const engine = ctx.engine
        const fns: [
          string,
          string,
          (data: unknown, call: Parameters<typeof registerWorker>[2]) => unknown,
        ][] = [
          [
            'engine::functions::list',
            'List registered functions.',
            (d, c) => listFunctions(engine, d, c),
          ],
          [
            'engine::functions::info',
            'Details of one or more functions.',
            (d, c) => functionInfo(engine, d, c),
          ],
          ['engine::triggers::list', 'List trigger types.', (d) => listTriggerTypes(engine, d)],
          [
            'engine::triggers::info',
            'Details of one trigger type.',
            (d) => triggerTypeInfo(engine, d),
          ],
          ['engine::registered-triggers::list', 'List bindings.', (d) => listBindings(engine, d)],
          [
            'engine::registered-triggers::info',
            'Details of one binding.',
            (d) => bindingInfo(engine, d),
          ],
          [
            'engine::workers::list',
            'List connected and built-in workers.',
            (d) => listWorkers(engine, d),
          ],
          ['engine::workers::info', 'Details of one worker.', (d) => workerInfo(engine, d)],
          [
            'engine::workers::register',
            'Announce worker identity and namespace.',
            (d, c) => registerWorker(engine, d, c),
          ],
          [
            'engine::register_trigger',
            'Create an ownerless binding.',
            (d, c) => registerTrigger(engine, d, c),
          ],
          [
            'engine::unregister_trigger',
            'Remove a binding (idempotent).',
            (d) => unregisterTrigger(engine, d),
          ],
          [
            'engine::channels::create',
            'Create a byte/text channel.',
            (d, c) => createChannel(engine, d, c),
          ],
        ]
        for (const [id, description, handler] of fns)
          ctx.registerFunction({ id, description, ...schemasOf(id as EngineFunctionId) }, handler)
        stopDiscovery = await startDiscovery(ctx)
      },
      stop() {
        stopDiscovery?.()
      },
    }
  },
}
