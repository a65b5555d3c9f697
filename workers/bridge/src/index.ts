export {
  type BridgeConfig,
  BridgeConfigSchema,
  bridgeDefaults,
  bridgeNameOf,
  validateBridgeConfig,
} from './config'
export { bridgeFunctionIds } from './functions'
export { hopsOf, withHops } from './hops'
export { PROVENANCE_KEY, pathOf } from './provenance'
export { bridgeWorker } from './worker'
