export { workerCatalogue } from './catalogue'
export { ConfigError } from './config/errors'
export {
  defaultConfig,
  type EngineConfig,
  loadConfig,
  parseConfigText,
  rootConfigKeys,
  type WorkerInstance,
} from './config/load'
export { type RunningEngine, type StartEngineOptions, startEngine } from './engine'
export { engineVersion } from './version'
