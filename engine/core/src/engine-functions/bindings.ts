import { EngineFunctionInputs, IIIError } from '@iii/protocol'
import type { EngineCore } from '../engine-core'
import { isBlank, newId } from '../ids'
import { parseInput } from '../input'
import type { Binding, CallInfo } from '../model'
import { connectionLimitDefaults } from '../security/policy'
import { Session } from '../session'

/** `engine::register_trigger`: an ownerless binding; the target resolves in `default`. */
export async function registerTrigger(engine: EngineCore, data: unknown, call: CallInfo) {
  const q = parseInput(EngineFunctionInputs['engine::register_trigger'], data)
  if (q.trigger_namespace !== undefined && isBlank(q.trigger_namespace)) {
    throw new IIIError('INVALID_NAMESPACE', 'trigger_namespace must not be blank')
  }
  const caller = call.caller instanceof Session ? call.caller : undefined
  const allowed = caller?.grant.allowed_trigger_types
  if (allowed && !allowed.includes(q.trigger_type)) {
    throw new IIIError(
      'FORBIDDEN',
      `trigger type ${q.trigger_type} is not allowed for this connection`,
    )
  }
  const binding: Binding = {
    id: newId(),
    trigger_type: q.trigger_type,
    function_id: q.function_id,
    config: q.config ?? {},
    metadata: q.metadata,
    namespace: 'default',
    binderNamespace: caller?.namespace ?? 'default',
    owner: null,
    provider: null,
    createdAtMs: Date.now(),
  }
  if (q.trigger_namespace !== undefined) binding.trigger_namespace = q.trigger_namespace
  const error = await engine.triggers.addBinding(binding, true)
  if (error) throw new IIIError('trigger_registration_failed', error.message)
  return { id: binding.id }
}

/** `engine::unregister_trigger`: idempotent. */
export async function unregisterTrigger(engine: EngineCore, data: unknown) {
  const q = parseInput(EngineFunctionInputs['engine::unregister_trigger'], data)
  const binding = engine.bindings.get(q.id)
  if (!binding || (q.trigger_type !== undefined && binding.trigger_type !== q.trigger_type))
    return { removed: false }
  try {
    await engine.triggers.removeBinding(binding)
  } catch (err) {
    throw new IIIError('unregister_failed', (err as Error).message, { cause: err })
  }
  return { removed: true }
}

/** `engine::channels::create`: owned by the calling connection. */
export function createChannel(engine: EngineCore, data: unknown, call: CallInfo) {
  const q = parseInput(EngineFunctionInputs['engine::channels::create'], data)
  const caller = call.caller
  if (caller instanceof Session) {
    const limit = (caller.policy.limits ?? connectionLimitDefaults).channels
    if (engine.channels.countOwnedBy(caller) >= limit)
      throw new IIIError(
        'CONNECTION_LIMIT',
        `this connection holds its cap of ${limit} open channels (max_channels_per_connection)`,
      )
  }
  const channel = engine.channels.create({ bufferSize: q.buffer_size, owner: call.caller ?? null })
  const ref = { channel_id: channel.id, access_key: channel.accessKey }
  return { writer: { ...ref, direction: 'write' }, reader: { ...ref, direction: 'read' } }
}
