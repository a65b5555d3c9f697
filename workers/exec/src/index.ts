export { type ExecConfig, ExecConfigSchema, type ProcessSpec } from './config'
export type { ProcessState, ProcessStatus } from './managed-process'
export { execWorker } from './worker'
