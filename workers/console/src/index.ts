export { type ConsoleConfig, ConsoleConfigSchema } from './config'
export { consoleWorker } from './worker'
