import type { EngineCore } from '../engine-core'
import type { Session } from '../session'
import { authorize } from './rbac'
import type { SecurityHooks } from './security-hooks'

/**
 * Calls a registration hook (PROTOCOL.md §11.4). An object result may override fields; an error
 * or a non-object result denies the registration (logged).
 */
async function callHook(
  engine: EngineCore,
  session: Session,
  { hookId, input }: { hookId: string; input: Record<string, unknown> },
): Promise<Record<string, unknown> | null> {
  try {
    const result = await engine.router.call({
      functionId: hookId,
      namespace: 'default',
      data: input,
    })
    if (typeof result === 'object' && result !== null && !Array.isArray(result))
      return result as Record<string, unknown>
    session.logger.warn('registration denied by hook: non-object result', { hook: hookId })
  } catch (err) {
    session.logger.warn('registration denied by hook', {
      hook: hookId,
      err: (err as Error).message,
    })
  }
  return null
}

const pick = <T>(result: Record<string, unknown>, key: string, fallback: T): T =>
  key in result ? (result[key] as T) : fallback

/** Security decisions from each session's listener policy and grant. */
export function createSecurityHooks(engine: EngineCore): SecurityHooks {
  return {
    authorizeCall(session, functionId, namespace) {
      const metadata = engine.functions.get(namespace, functionId)?.metadata
      return authorize(session.grant, session.policy.rbac, { id: functionId, namespace, metadata })
    },
    async onFunctionRegistration(session, frame) {
      const base = { id: frame.id, description: frame.description, metadata: frame.metadata }
      const hook = session.policy.rbac?.onFunctionRegistration
      if (!hook) return base
      const r = await callHook(engine, session, {
        hookId: hook,
        input: {
          function_id: frame.id,
          description: frame.description ?? null,
          metadata: frame.metadata ?? null,
          namespace: session.namespace,
          context: session.grant.context,
        },
      })
      if (!r) return null
      const id = pick(r, 'function_id', base.id)
      return typeof id === 'string' && id !== ''
        ? {
            id,
            description: pick(r, 'description', base.description),
            metadata: pick(r, 'metadata', base.metadata),
          }
        : null
    },
    async onTriggerTypeRegistration(session, frame) {
      const hook = session.policy.rbac?.onTriggerTypeRegistration
      if (!hook) return { description: frame.description }
      const r = await callHook(engine, session, {
        hookId: hook,
        input: {
          trigger_type_id: frame.id,
          description: frame.description,
          context: session.grant.context,
        },
      })
      if (!r) return null
      const description = pick(r, 'description', frame.description)
      return { description: typeof description === 'string' ? description : frame.description }
    },
    async onTriggerRegistration(session, frame) {
      const base = {
        function_id: frame.function_id,
        config: frame.config,
        metadata: frame.metadata,
      }
      const hook = session.policy.rbac?.onTriggerRegistration
      if (!hook) return base
      const r = await callHook(engine, session, {
        hookId: hook,
        input: {
          trigger_id: frame.id,
          trigger_type: frame.trigger_type,
          function_id: frame.function_id,
          config: frame.config,
          metadata: frame.metadata ?? null,
          namespace: frame.namespace ?? 'default',
          context: session.grant.context,
        },
      })
      if (!r) return null
      const functionId = pick(r, 'function_id', base.function_id)
      if (typeof functionId !== 'string' || functionId === '') return null
      return {
        function_id: functionId,
        config: pick(r, 'config', base.config),
        metadata: pick(r, 'metadata', base.metadata),
      }
    },
  }
}
