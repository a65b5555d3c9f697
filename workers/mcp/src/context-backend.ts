import {
  authorize,
  type FunctionEntry,
  type Grant,
  permissiveGrant,
  type RbacPolicy,
  type WorkerContext,
} from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { McpBackend } from './backend'

export interface ContextAccess {
  /** The session's grant from the auth function; permissive without one. */
  grant?: Grant
  /** `expose_functions` as an RBAC policy; without it every function passes. */
  rbac?: RbacPolicy
  /** Also list `engine::*` functions and those with `metadata.internal`. */
  includeInternal: boolean
}

const isInternal = (f: FunctionEntry) =>
  (f.id.startsWith('engine::') && !f.id.startsWith('engine::queue::')) ||
  (f.metadata as { internal?: unknown } | undefined)?.internal === true

/** A backend inside the engine, for `/mcp` sessions: RBAC is checked here for every list and call. */
export function createContextBackend(ctx: WorkerContext, access: ContextAccess): McpBackend {
  const grant = access.grant ?? permissiveGrant()
  const allowed = (f: FunctionEntry) => authorize(grant, access.rbac, f) === undefined
  const visible = () =>
    ctx
      .listFunctions()
      .filter((f) => f.namespace === 'default' && (access.includeInternal || !isInternal(f)))
      .filter(allowed)
  return {
    async listFunctions() {
      return visible().map((f) => ({
        function_id: f.id,
        description: f.description,
        request_schema: f.request_format,
        metadata: f.metadata,
      }))
    },
    async call(functionId, data, { timeoutMs }) {
      const f = ctx.lookupFunction(functionId)
      if (!f || !visible().includes(f))
        throw new IIIError('FORBIDDEN', `${functionId} is not exposed to this MCP session`)
      return ctx.invoke({ functionId, namespace: 'default', data, timeoutMs })
    },
    read: (functionId, data) => ctx.invoke({ functionId, namespace: 'default', data }),
    onFunctionsChanged(listener) {
      const offs = [ctx.on('function:added', listener), ctx.on('function:removed', listener)]
      return () => {
        for (const off of offs) off()
      }
    },
  }
}
