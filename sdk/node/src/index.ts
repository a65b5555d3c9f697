export { TriggerAction, type TriggerActionValue } from './actions'
export {
  ChannelReader,
  ChannelWriter,
  channelUrl,
  isChannelRef,
  type StreamChannelRef,
} from './channels'
export type { ConnectionState } from './connection'
export { type ReconnectionConfig, reconnectionDefaults, sdkDefaults } from './constants'
export { InvocationError, type InvocationErrorInit } from './errors'
export { type CreatedChannel, createChannel } from './helpers'
export { createLogger, type LogLevel, type WorkerLog } from './log'
export { defaultSdkLogger, type SdkLogger } from './logger'
export { currentTraceFields, type TelemetryOptions, WorkerTelemetry } from './telemetry'
export { defineFunction, InvalidInputError, type TypedFunctionDef } from './typed'
export type * from './types'
export { IIIWorker, registerWorker } from './worker'
