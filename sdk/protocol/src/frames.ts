import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox'
import { Json, NamespaceField, Opt } from './optional'
import { ErrorBody, HttpInvocationRef, TriggerAction } from './shapes'

/** Ids (functions, trigger types, bindings): non-empty and bounded, so no id can pin megabytes in registries, spans or logs. */
const NonEmpty = Type.String({ minLength: 1, maxLength: 1024 })

/** Declares one frame: `type` is the lower-case message name, other fields are snake_case. */
const frame = <TName extends string, TProps extends TProperties>(
  name: TName,
  properties: TProps,
  description: string,
) =>
  Type.Object({ type: Type.Literal(name), ...properties }, { $id: name, description }) as TObject<
    TProps & { type: ReturnType<typeof Type.Literal<TName>> }
  >

export const WorkerRegisteredFrame = frame(
  'workerregistered',
  { worker_id: Type.String(), reattach_token: Opt(Type.String()), engine_id: Opt(Type.String()) },
  'E→W, first frame after accept: the connection id, its reattach secret and the engine id.',
)

export const ReattachFrame = frame(
  'reattach',
  { previous_worker_id: Type.String(), reattach_token: Opt(Type.String()) },
  'W→E, first frame of a reconnect: take over the previous connection.',
)

export const RegisterFunctionFrame = frame(
  'registerfunction',
  {
    id: NonEmpty,
    description: Opt(Type.String()),
    request_format: Opt(Json),
    response_format: Opt(Json),
    metadata: Opt(Json),
    invocation: Opt(HttpInvocationRef),
  },
  'W→E: register a function owned by this connection (or served by a URL).',
)

export const UnregisterFunctionFrame = frame(
  'unregisterfunction',
  { id: Type.String() },
  'W→E: remove a function this connection owns.',
)

export const RegisterTriggerTypeFrame = frame(
  'registertriggertype',
  {
    id: NonEmpty,
    description: Type.String(),
    trigger_request_format: Opt(Json),
    call_request_format: Opt(Json),
    namespace: NamespaceField,
  },
  'W→E: provide a trigger type.',
)

export const UnregisterTriggerTypeFrame = frame(
  'unregistertriggertype',
  { id: Type.String(), namespace: NamespaceField, description: Opt(Type.String()) },
  'W→E: stop providing a trigger type; its bindings are parked.',
)

export const RegisterTriggerFrame = frame(
  'registertrigger',
  {
    id: NonEmpty,
    trigger_type: NonEmpty,
    function_id: NonEmpty,
    config: Json,
    metadata: Opt(Json),
    namespace: NamespaceField,
    trigger_namespace: NamespaceField,
  },
  'W→E: create a binding. E→W: deliver a binding to its provider.',
)

export const UnregisterTriggerFrame = frame(
  'unregistertrigger',
  { id: Type.String(), trigger_type: Opt(Type.String()) },
  'W→E: remove a binding. E→W: tell a provider to stop one binding.',
)

export const TriggerRegistrationResultFrame = frame(
  'triggerregistrationresult',
  {
    id: Type.String(),
    trigger_type: Type.String(),
    function_id: Type.String(),
    error: Opt(ErrorBody),
  },
  'W→E: a provider acknowledges a binding. E→W: a binding failed.',
)

export const RegisterServiceFrame = frame(
  'registerservice',
  {
    id: Type.String(),
    name: Opt(Type.String()),
    description: Opt(Type.String()),
    parent_service_id: Opt(Type.String()),
  },
  'W→E: descriptive service grouping.',
)

export const InvokeFunctionFrame = frame(
  'invokefunction',
  {
    invocation_id: Opt(Type.String()),
    function_id: NonEmpty,
    data: Type.Optional(Json),
    traceparent: Opt(Type.String()),
    baggage: Opt(Type.String()),
    action: Opt(TriggerAction),
    metadata: Opt(Json),
    namespace: NamespaceField,
  },
  'W→E: a call. E→W: execute this function.',
)

export const InvocationResultFrame = frame(
  'invocationresult',
  {
    invocation_id: Type.String(),
    function_id: Opt(Type.String()),
    result: Type.Optional(Json),
    error: Opt(ErrorBody),
    traceparent: Opt(Type.String()),
    baggage: Opt(Type.String()),
  },
  'The answer to an invokefunction that carried an invocation_id.',
)

export const RegistrationRejectedFrame = frame(
  'registrationrejected',
  {
    code: Type.String(),
    namespace: Type.String(),
    worker_name: Opt(Type.String()),
    function_id: Opt(Type.String()),
    owner_worker_id: Type.String(),
  },
  'E→W: a function or worker name is held by another live connection.',
)

export const PingFrame = frame('ping', {}, 'Keep-alive; answered with pong.')
export const PongFrame = frame('pong', {}, 'Answer to ping; ignored when inbound.')
export const ErrorFrame = frame(
  'error',
  { error: ErrorBody },
  'E→W, sent only when authentication fails, then the socket closes.',
)

/** Every frame type, by its `type` discriminator. */
export const Frames = {
  workerregistered: WorkerRegisteredFrame,
  reattach: ReattachFrame,
  registerfunction: RegisterFunctionFrame,
  unregisterfunction: UnregisterFunctionFrame,
  registertriggertype: RegisterTriggerTypeFrame,
  unregistertriggertype: UnregisterTriggerTypeFrame,
  registertrigger: RegisterTriggerFrame,
  unregistertrigger: UnregisterTriggerFrame,
  triggerregistrationresult: TriggerRegistrationResultFrame,
  registerservice: RegisterServiceFrame,
  invokefunction: InvokeFunctionFrame,
  invocationresult: InvocationResultFrame,
  registrationrejected: RegistrationRejectedFrame,
  ping: PingFrame,
  pong: PongFrame,
  error: ErrorFrame,
} as const

export type FrameType = keyof typeof Frames
export type FrameOf<T extends FrameType> = Static<(typeof Frames)[T]>
export type AnyFrame = { [K in FrameType]: FrameOf<K> }[FrameType]

/** Frames a worker may send to the engine. */
export const inboundFrameTypes = [
  'reattach',
  'registerfunction',
  'unregisterfunction',
  'registertriggertype',
  'unregistertriggertype',
  'registertrigger',
  'unregistertrigger',
  'triggerregistrationresult',
  'registerservice',
  'invokefunction',
  'invocationresult',
  'ping',
  'pong',
] as const satisfies readonly FrameType[]

export type InboundFrameType = (typeof inboundFrameTypes)[number]
export type InboundFrame = { [K in InboundFrameType]: FrameOf<K> }[InboundFrameType]

/** Frames the engine sends to a worker. */
export type OutboundFrameType =
  | 'workerregistered'
  | 'registertrigger'
  | 'unregistertrigger'
  | 'triggerregistrationresult'
  | 'invokefunction'
  | 'invocationresult'
  | 'registrationrejected'
  | 'ping'
  | 'pong'
  | 'error'
export type OutboundFrame = { [K in OutboundFrameType]: FrameOf<K> }[OutboundFrameType]

export type WorkerRegisteredFrame = FrameOf<'workerregistered'>
export type ReattachFrame = FrameOf<'reattach'>
export type RegisterFunctionFrame = FrameOf<'registerfunction'>
export type UnregisterFunctionFrame = FrameOf<'unregisterfunction'>
export type RegisterTriggerTypeFrame = FrameOf<'registertriggertype'>
export type UnregisterTriggerTypeFrame = FrameOf<'unregistertriggertype'>
export type RegisterTriggerFrame = FrameOf<'registertrigger'>
export type UnregisterTriggerFrame = FrameOf<'unregistertrigger'>
export type TriggerRegistrationResultFrame = FrameOf<'triggerregistrationresult'>
export type RegisterServiceFrame = FrameOf<'registerservice'>
export type InvokeFunctionFrame = FrameOf<'invokefunction'>
export type InvocationResultFrame = FrameOf<'invocationresult'>
export type RegistrationRejectedFrame = FrameOf<'registrationrejected'>
