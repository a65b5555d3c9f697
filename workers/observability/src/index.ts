export { type ObservabilityConfig, ObservabilityConfigSchema } from './config'
export type { LogEntry } from './log-store'
export type { SpanRecord } from './span-store'
export { observabilityWorker } from './worker'
