import { IIIError } from '@iii/protocol'
import type { Grant } from './policy'

const strings = (value: unknown, field: string): string[] => {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new IIIError('AUTH_ERROR', `auth result: ${field} must be a list of strings`)
  return value
}

const bool = (value: unknown, fallback: boolean, field: string): boolean => {
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'boolean')
    throw new IIIError('AUTH_ERROR', `auth result: ${field} must be a boolean`)
  return value
}

/**
 * The auth function's result → the connection's grant (PROTOCOL.md §11.1). Unknown fields are
 * ignored; an empty result or a field of the wrong type rejects the connection.
 */
export function parseGrant(result: unknown): Grant {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new IIIError('AUTH_ERROR', 'the auth function returned no grant')
  }
  const r = result as Record<string, unknown>
  const namespaces: Record<string, unknown[]> = {}
  if (r.namespaces !== undefined && r.namespaces !== null) {
    if (typeof r.namespaces !== 'object' || Array.isArray(r.namespaces))
      throw new IIIError('AUTH_ERROR', 'auth result: namespaces must be a map')
    for (const [ns, list] of Object.entries(r.namespaces))
      namespaces[ns] = Array.isArray(list) ? list : []
  }
  const grant: Grant = {
    namespaces,
    allowed_functions: strings(r.allowed_functions, 'allowed_functions'),
    forbidden_functions: strings(r.forbidden_functions, 'forbidden_functions'),
    allow_trigger_type_registration: bool(
      r.allow_trigger_type_registration,
      false,
      'allow_trigger_type_registration',
    ),
    allow_function_registration: bool(
      r.allow_function_registration,
      true,
      'allow_function_registration',
    ),
    context: r.context ?? {},
  }
  if (r.allowed_trigger_types !== undefined && r.allowed_trigger_types !== null) {
    grant.allowed_trigger_types = strings(r.allowed_trigger_types, 'allowed_trigger_types')
  }
  if (bool(r.allow_reserved_function_registration, false, 'allow_reserved_function_registration'))
    grant.allow_reserved_function_registration = true
  if (r.route_takeovers !== undefined && r.route_takeovers !== null)
    grant.route_takeovers = strings(r.route_takeovers, 'route_takeovers')
  if (typeof r.function_registration_prefix === 'string' && r.function_registration_prefix !== '') {
    grant.function_registration_prefix = r.function_registration_prefix
  }
  return grant
}
