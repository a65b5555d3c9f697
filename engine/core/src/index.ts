export type { BuiltinConfigControl, BuiltinConfigInfo } from './builtin-configs'
export { type Capability, CapabilityRegistry, defineCapability } from './capabilities'
export {
  Channel,
  type ChannelDirection,
  type ChannelEnd,
  ChannelRegistry,
  channelDefaults,
} from './channels'
export { EngineCore, type EngineCoreOptions, engineCoreDefaults } from './engine-core'
export { engineFunctionsWorker } from './engine-functions/worker'
export type { EngineEvents } from './events'
export { sanitizeDescription } from './handlers/lifecycle'
export { WorkerHost } from './host'
export { type HttpMount, httpMountCapability } from './http-mount'
export { DEFAULT_NAMESPACE, isBlank, keyOf, newId, serviceOf } from './ids'
export { parseInput } from './input'
export { resultFrame } from './invocation/invoke-handlers'
export type { HttpInvoker, InvocationObserver, InvokeRequest } from './invocation/router'
export {
  type WorkerListenerInfo,
  workerListenerCapability,
} from './listener-capability'
export {
  createLogger,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogRecord,
  logLevels,
  redact,
  silentLogger,
  teeLogger,
} from './logger'
export type {
  BinderInfo,
  Binding,
  BindingInfo,
  BuiltinHandler,
  CallInfo,
  FunctionDef,
  FunctionEntry,
  FunctionSchemas,
  InvocationOutcome,
  TriggerProvider,
  TriggerTypeDef,
  TriggerTypeEntry,
  WorkerMeta,
  WorkerRecord,
} from './model'
export {
  type BudgetedSocket,
  OutboundBudget,
  type OutboundBudgetLimits,
  outboundBudgetDefaults,
  slowReaderCloseCode,
} from './outbound-budget'
export { type RemoteCall, type RemoteEngine, remoteEngineSlot } from './remote'
export { parseGrant } from './security/grant'
export {
  type ConnectionLimits,
  connectionLimitDefaults,
  defaultListenerPolicy,
  type Grant,
  type ListenerPolicy,
  permissiveGrant,
  type RouteTakeover,
} from './security/policy'
export {
  authorize,
  compileRbac,
  infrastructureFunctions,
  type RbacConfigInput,
  type RbacPolicy,
} from './security/rbac'
export type {
  FunctionRegistrationDef,
  HttpFunctionValidator,
  SecurityHooks,
  TriggerRegistrationDef,
  TriggerTypeRegistrationDef,
} from './security/security-hooks'
export { Session, type SessionInit, type Transport } from './session'
export {
  type EngineSlots,
  type SlotName,
  SlotRegistry,
  slotNames,
  type TelemetryKind,
  type TelemetrySink,
} from './slots'
export {
  addActiveSpanEvent,
  extractContext,
  injectContext,
  recordTraceEvents,
  type SpanEvents,
  startDetachedTrace,
  type TraceCarrier,
  type TraceEvent,
  withFunctionBaggage,
  withServerSpan,
} from './tracing'
export type { ConditionCheck, FireOptions, FireResult } from './triggers'
export {
  BuiltinRecord,
  type BuiltinWorker,
  type ConfigProblem,
  type EngineBuiltinWorker,
  type EngineStats,
  type EngineWorkerContext,
  type EngineWorkerDefinition,
  type WorkerContext,
  type WorkerDefinition,
} from './worker'
