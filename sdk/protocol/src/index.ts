export {
  type EngineFunctionId,
  type EngineFunctionInput,
  EngineFunctionInputs,
} from './builtins/engine'
export { EngineFunctionOutputs } from './builtins/engine-outputs'
export { checkFrame, type DecodeResult, decodeFrame, isFrame, isInboundType } from './codec'
export {
  describeErrorCode,
  type ErrorArea,
  type ErrorCode,
  type ErrorCodeInfo,
  errorCodes,
  httpStatusOf,
  retiredCodes,
} from './error-codes'
export * from './frames'
export { IIIError, type IIIErrorOptions, isErrorBody, type RelayedCode } from './iii-error'
export { Json, NamespaceField, Opt } from './optional'
export * from './shapes'
