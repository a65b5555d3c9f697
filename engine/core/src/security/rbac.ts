import type { ErrorBody } from '@iii/protocol'
import {
  anyFilterMatches,
  type CallTarget,
  type CompiledFilter,
  compileFilter,
  type FilterSpec,
  globToRegExp,
} from './filters'
import type { Grant } from './policy'

/** Calls every connection may make, whatever its grant (PROTOCOL.md §11.2, step 4). */
export const infrastructureFunctions = new Set([
  'engine::channels::create',
  'engine::workers::register',
  'engine::log::info',
  'engine::log::warn',
  'engine::log::error',
  'engine::log::debug',
  'engine::log::trace',
  'engine::baggage::get',
  'engine::baggage::set',
  'engine::baggage::get_all',
])

/** A listener's `rbac` block, compiled. */
export interface RbacPolicy {
  authFunctionId?: string
  expose: CompiledFilter[]
  onFunctionRegistration?: string
  onTriggerRegistration?: string
  onTriggerTypeRegistration?: string
}

export interface RbacConfigInput {
  auth_function_id?: string
  expose_functions?: FilterSpec[]
  on_function_registration_function_id?: string
  on_trigger_registration_function_id?: string
  on_trigger_type_registration_function_id?: string
}

export function compileRbac(config: RbacConfigInput): RbacPolicy {
  return {
    authFunctionId: config.auth_function_id,
    expose: (config.expose_functions ?? []).map(compileFilter),
    onFunctionRegistration: config.on_function_registration_function_id,
    onTriggerRegistration: config.on_trigger_registration_function_id,
    onTriggerTypeRegistration: config.on_trigger_type_registration_function_id,
  }
}

const listed = (list: string[], id: string) =>
  list.some((entry) => (entry.includes('*') ? globToRegExp(entry).test(id) : entry === id))

const grantFilters = new WeakMap<unknown[], CompiledFilter[]>()
function namespaceFilters(list: unknown[], namespace: string): CompiledFilter[] {
  let compiled = grantFilters.get(list)
  if (!compiled) {
    compiled = list
      .filter(
        (f): f is FilterSpec => typeof f === 'string' || (typeof f === 'object' && f !== null),
      )
      .map((f) => ({ ...compileFilter(f), namespace }))
    grantFilters.set(list, compiled)
  }
  return compiled
}

/**
 * The decision for one call or binding target, in the order of PROTOCOL.md §11.2:
 * forbidden → namespace grants → allowed → infrastructure → expose (or no rbac) → deny.
 */
export function authorize(
  grant: Grant,
  rbac: RbacPolicy | undefined,
  target: CallTarget,
): ErrorBody | undefined {
  const { id: functionId, namespace } = target
  // The message names the rule that decided, in the reference's words, then our detail.
  const deny = (rule: string, why: string): ErrorBody => ({
    code: 'FORBIDDEN',
    message: `function '${functionId}' not allowed (${rule}): calling it in namespace ${namespace} ${why}`,
  })
  if (listed(grant.forbidden_functions, functionId))
    return deny('remove from rbac.forbidden_functions', 'is refused by forbidden_functions')
  const nsGrant = grant.namespaces[namespace]
  if (
    nsGrant &&
    nsGrant.length > 0 &&
    anyFilterMatches(namespaceFilters(nsGrant, namespace), target)
  )
    return undefined
  if (namespace === 'default' && listed(grant.allowed_functions, functionId)) return undefined
  if (infrastructureFunctions.has(functionId)) return undefined
  if (!rbac) return undefined
  if (anyFilterMatches(rbac.expose, target)) return undefined
  return deny(
    'add to rbac.expose_functions',
    namespace === 'default'
      ? 'matches no rbac.expose_functions filter, rbac.allowed_functions entry or namespace grant'
      : 'matches no rbac.expose_functions filter or namespace grant',
  )
}
