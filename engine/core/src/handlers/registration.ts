import type {
  ErrorBody,
  ErrorCode,
  InboundFrame,
  RegisterFunctionFrame,
  RegisterServiceFrame,
  RegisterTriggerFrame,
  RegisterTriggerTypeFrame,
  UnregisterFunctionFrame,
  UnregisterTriggerFrame,
  UnregisterTriggerTypeFrame,
} from '@iii/protocol'
import type { EngineCore } from '../engine-core'
import { DEFAULT_NAMESPACE, isBlank, isEngineId, serviceOf } from '../ids'
import type { Binding, FunctionEntry } from '../model'
import { type ConnectionLimits, connectionLimitDefaults } from '../security/policy'
import { heldFunctionId, type Session } from '../session'

type RegistrationFrame =
  | RegisterFunctionFrame
  | UnregisterFunctionFrame
  | RegisterServiceFrame
  | RegisterTriggerTypeFrame
  | UnregisterTriggerTypeFrame
  | RegisterTriggerFrame
  | UnregisterTriggerFrame

/**
 * Queues one registration frame on the session's serial queue. A held `registerfunction` is
 * released once applied or refused, so calls waiting for it look again.
 */
export function queueRegistration(engine: EngineCore, session: Session, frame: InboundFrame): void {
  const registration = frame as RegistrationFrame
  const release = () => {
    if (registration.type === 'registerfunction')
      engine.pendingFunctions.release(session, heldFunctionId(session, registration.id))
  }
  session.regQueue.push(() => {
    let result: unknown
    try {
      result = handleRegistration(engine, session, registration)
    } catch (err) {
      release()
      throw err
    }
    if (result instanceof Promise) return result.finally(release)
    release()
    return result
  })
}

/** Handles one registration frame; the session's serial queue calls it in arrival order. */
export function handleRegistration(
  engine: EngineCore,
  session: Session,
  frame: RegistrationFrame,
): unknown {
  if (session.closed) return
  switch (frame.type) {
    case 'registerfunction':
      return registerFunction(engine, session, frame)
    case 'unregisterfunction':
      return unregisterFunction(engine, session, frame)
    case 'registerservice':
      return registerService(engine, session, frame)
    case 'registertriggertype':
      return registerTriggerType(engine, session, frame)
    case 'unregistertriggertype':
      return unregisterTriggerType(engine, session, frame)
    case 'registertrigger':
      return registerTrigger(engine, session, frame)
    case 'unregistertrigger':
      return unregisterTrigger(engine, session, frame)
  }
}

const prefixed = heldFunctionId

function reject(session: Session, functionId: string, ownerId: string): void {
  session.sendFrame({
    type: 'registrationrejected',
    code: 'FUNCTION_NAMESPACE_CONFLICT',
    namespace: session.namespace,
    function_id: functionId,
    owner_worker_id: ownerId,
  })
  session.logger.warn('function registration rejected', {
    function_id: functionId,
    owner_worker_id: ownerId,
  })
}

type LimitedRegistry = { countOwnedBy(owner: Session): number }

/** Whether the session already holds its listener's cap of `kind` (PROTOCOL.md §11.7). */
function overLimit(session: Session, kind: keyof ConnectionLimits, held: LimitedRegistry): boolean {
  const limit = (session.policy.limits ?? connectionLimitDefaults)[kind]
  return held.countOwnedBy(session) >= limit
}

const capMessage = (session: Session, kind: keyof ConnectionLimits) =>
  `this connection holds its cap of ${(session.policy.limits ?? connectionLimitDefaults)[kind]} ${limitNames[kind]} (${limitKeys[kind]})`

const limitNames: Record<keyof ConnectionLimits, string> = {
  functions: 'functions',
  bindings: 'bindings',
  triggerTypes: 'trigger types',
  channels: 'open channels',
}

/** The `iii-worker-manager` config key of each cap. */
export const limitKeys: Record<keyof ConnectionLimits, string> = {
  functions: 'max_functions_per_connection',
  bindings: 'max_bindings_per_connection',
  triggerTypes: 'max_trigger_types_per_connection',
  channels: 'max_channels_per_connection',
}

function refuseOverLimit(session: Session, functionId: string): void {
  session.sendFrame({
    type: 'registrationrejected',
    code: 'CONNECTION_LIMIT',
    namespace: session.namespace,
    function_id: functionId,
    owner_worker_id: '',
  })
  session.logger.warn('function registration refused: connection limit', {
    function_id: functionId,
    reason: capMessage(session, 'functions'),
  })
}

/** Listeners without RBAC are trusted; on an RBAC listener the grant must say so. */
const mayRegisterReserved = (session: Session): boolean =>
  !session.policy.rbac || session.grant.allow_reserved_function_registration === true

function refuseReserved(engine: EngineCore, session: Session, functionId: string): void {
  session.sendFrame({
    type: 'registrationrejected',
    code: 'FORBIDDEN',
    namespace: session.namespace,
    function_id: functionId,
    owner_worker_id: '',
  })
  session.logger.warn('registration of a reserved function refused', {
    function_id: functionId,
    reserved_by: engine.reservedFunctions.reservedBy(functionId),
    listener: session.policy.name,
  })
}

async function registerFunction(
  engine: EngineCore,
  session: Session,
  frame: RegisterFunctionFrame,
): Promise<void> {
  if (!session.grant.allow_function_registration) {
    session.logger.warn('function registration not allowed for this connection', {
      function_id: frame.id,
    })
    return
  }
  const def = await engine.hooks.onFunctionRegistration(session, frame)
  if (!def || session.closed) return
  const id = prefixed(session, def.id)
  const namespace = session.namespace
  if (engine.reservedFunctions.has(id) && !mayRegisterReserved(session))
    return refuseReserved(engine, session, id)
  if (isEngineId(id) && namespace !== DEFAULT_NAMESPACE) return reject(session, id, '')
  const existing = engine.functions.get(namespace, id)
  if (existing?.owner.kind === 'builtin') return reject(session, id, '')
  const entry: FunctionEntry = {
    id,
    localId: def.id,
    namespace,
    description: def.description ?? undefined,
    request_format: frame.request_format ?? undefined,
    response_format: frame.response_format ?? undefined,
    metadata: def.metadata ?? undefined,
    owner: session,
    target: { kind: 'session' },
    registeredAtMs: Date.now(),
  }
  if (frame.invocation) {
    const validator = engine.slots.get('httpFunctions')
    if (!validator) {
      session.logger.warn(
        'HTTP-invoked function ignored: the iii-http-functions worker is not running',
        { function_id: id },
      )
      return
    }
    const problem = await validator.validateRegistration(frame.invocation)
    if (problem || session.closed) {
      session.logger.warn('HTTP-invoked function refused', {
        function_id: id,
        code: problem?.code,
        reason: problem?.message,
      })
      return
    }
    entry.target = { kind: 'http', ref: frame.invocation }
  }
  const current = engine.functions.get(namespace, id)
  if (current?.owner !== session && overLimit(session, 'functions', engine.functions))
    return refuseOverLimit(session, id)
  engine.workers.ensureService(namespace, serviceOf(id))
  if (current && current.owner !== session && !(current.owner as Session).closed)
    return standBy(engine, session, { entry, ownerId: current.owner.id })
  engine.standbyFunctions.remove(namespace, id, session)
  engine.addFunction(entry)
}

/**
 * Another live connection owns the id: this registration waits as its standby and takes over
 * when the owner leaves or unregisters (docs/decisions/0010-standby-registrations.md).
 */
function standBy(
  engine: EngineCore,
  session: Session,
  { entry, ownerId }: { entry: FunctionEntry; ownerId: string },
) {
  engine.standbyFunctions.add(entry)
  // Only clients that asked are told: the published Python SDK stops on an unknown code.
  if (session.notifyStandby)
    session.sendFrame({
      type: 'registrationrejected',
      code: 'FUNCTION_STANDBY',
      namespace: session.namespace,
      function_id: entry.id,
      owner_worker_id: ownerId,
    })
  session.logger.info('function registered as standby; it takes over when the owner leaves', {
    function_id: entry.id,
    owner_worker_id: ownerId,
  })
}

function unregisterFunction(
  engine: EngineCore,
  session: Session,
  frame: UnregisterFunctionFrame,
): void {
  const id = prefixed(session, frame.id)
  engine.standbyFunctions.remove(session.namespace, id, session)
  engine.removeFunction(session.namespace, id, session)
}

function registerService(engine: EngineCore, session: Session, frame: RegisterServiceFrame): void {
  const name = frame.name ? frame.name : frame.id
  engine.workers.ensureService(session.namespace, name, {
    id: frame.id,
    description: frame.description ?? undefined,
    parent_service_id: frame.parent_service_id ?? undefined,
  })
}

async function registerTriggerType(
  engine: EngineCore,
  session: Session,
  frame: RegisterTriggerTypeFrame,
): Promise<void> {
  if (frame.namespace != null && isBlank(frame.namespace)) {
    session.logger.warn('trigger type refused: blank namespace', { trigger_type: frame.id })
    return
  }
  if (!session.grant.allow_trigger_type_registration) {
    session.logger.warn('trigger type registration not allowed for this connection', {
      trigger_type: frame.id,
    })
    return
  }
  const def = await engine.hooks.onTriggerTypeRegistration(session, frame)
  if (!def || session.closed) return
  const namespace = frame.namespace ?? session.namespace
  const mine = engine.triggerTypes.get(namespace, frame.id)?.owner === session
  if (!mine && overLimit(session, 'triggerTypes', engine.triggerTypes)) {
    session.logger.warn('trigger type registration refused: connection limit', {
      trigger_type: frame.id,
      reason: capMessage(session, 'triggerTypes'),
    })
    return
  }
  await engine.triggers.registerType({
    id: frame.id,
    namespace,
    description: def.description,
    trigger_request_format: frame.trigger_request_format ?? undefined,
    call_request_format: frame.call_request_format ?? undefined,
    owner: session,
    provider: { kind: 'session' },
  })
}

async function unregisterTriggerType(
  engine: EngineCore,
  session: Session,
  frame: UnregisterTriggerTypeFrame,
): Promise<void> {
  if (frame.namespace != null && isBlank(frame.namespace)) return
  const entry = engine.triggerTypes.get(frame.namespace ?? session.namespace, frame.id)
  if (!entry || entry.owner !== session) return
  await engine.triggers.unregisterType(entry)
}

async function registerTrigger(
  engine: EngineCore,
  session: Session,
  frame: RegisterTriggerFrame,
): Promise<void> {
  /** Answers with an error: the engine's own, or one a check or trigger provider returned. */
  const refuse = (error: ErrorBody) =>
    session.sendFrame({
      type: 'triggerregistrationresult',
      id: frame.id,
      trigger_type: frame.trigger_type,
      function_id: frame.function_id,
      error: { code: error.code, message: error.message },
    })
  const fail = (code: ErrorCode, message: string) => refuse({ code, message })
  for (const field of ['namespace', 'trigger_namespace'] as const) {
    const value = frame[field]
    if (value != null && isBlank(value))
      return void fail('INVALID_NAMESPACE', `${field} must not be blank`)
  }
  const allowed = session.grant.allowed_trigger_types
  if (allowed && !allowed.includes(frame.trigger_type)) {
    session.logger.warn('trigger type not allowed for this connection', {
      trigger_type: frame.trigger_type,
    })
    return
  }
  const def = await engine.hooks.onTriggerRegistration(session, frame)
  if (!def || session.closed) return
  const functionId = prefixed(session, def.function_id)
  const namespace = frame.namespace ?? DEFAULT_NAMESPACE
  const denied = engine.hooks.authorizeCall(session, functionId, namespace)
  if (denied) return void refuse(denied)

  const existing = engine.bindings.get(frame.id)
  if (existing) {
    // A replay of a binding this session already holds is a no-op; another owner's id is refused.
    if (existing.owner === session) return
    return void fail('trigger_registration_failed', `trigger id ${frame.id} is already in use`)
  }
  if (overLimit(session, 'bindings', engine.bindings))
    return void fail('CONNECTION_LIMIT', capMessage(session, 'bindings'))
  const binding: Binding = {
    id: frame.id,
    trigger_type: frame.trigger_type,
    function_id: functionId,
    config: def.config,
    metadata: def.metadata ?? undefined,
    namespace,
    binderNamespace: session.namespace,
    owner: session,
    provider: null,
    createdAtMs: Date.now(),
  }
  if (frame.trigger_namespace != null) binding.trigger_namespace = frame.trigger_namespace
  const error = await engine.triggers.addBinding(binding)
  if (error) refuse(error)
}

async function unregisterTrigger(
  engine: EngineCore,
  session: Session,
  frame: UnregisterTriggerFrame,
): Promise<void> {
  const binding = engine.bindings.get(frame.id)
  if (!binding || binding.owner !== session) return
  await engine.triggers.removeBinding(binding)
}
