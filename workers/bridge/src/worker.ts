import type { BuiltinWorker, WorkerDefinition } from '@iii/core'
import { Bridge } from './bridge'
import { type BridgeConfig, BridgeConfigSchema, validateBridgeConfig } from './config'

/**
 * `iii-bridge`: connects this engine to a remote engine's worker listener as an ordinary worker
 * (so the remote's auth function, RBAC and `expose_functions` apply), exposes local functions
 * there, forwards remote functions here, and lends the connection to bridge adapters. Opt-in;
 * several instances may run, each with its own `name`.
 */
export const bridgeWorker: WorkerDefinition<BridgeConfig> = {
  name: 'iii-bridge',
  aliases: ['bridge'],
  multiple: true,
  configSchema: BridgeConfigSchema,
  uniqueKey: { key: 'name', of: (config) => config.name ?? '' },
  validate: validateBridgeConfig,
  create(config): BuiltinWorker {
    let bridge: Bridge | undefined
    return {
      async start(ctx) {
        bridge = new Bridge(ctx, config)
        await bridge.start()
      },
      stop() {
        bridge?.stop()
        bridge = undefined
      },
    }
  },
}
