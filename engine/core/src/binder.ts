import type { BinderInfo, WorkerRecord } from './model'
import { globToRegExp } from './security/filters'
import { Session } from './session'

/**
 * Whether a grant's `route_takeovers` entry matches a route key `"<METHOD> <api_path>"`. An
 * entry without a method (`/api/*`) matches every method; `*` matches any run of characters.
 */
function routeEntryMatches(entry: string, key: string): boolean {
  const pattern = entry.includes(' ') ? entry : `* ${entry}`
  return globToRegExp(pattern).test(key)
}

/** The binder a provider sees for a binding's owner; `undefined` unless a connection made it. */
export function binderOf(owner: WorkerRecord | null): BinderInfo | undefined {
  if (!(owner instanceof Session)) return undefined
  return {
    workerId: owner.id,
    workerName: owner.name,
    listener: owner.policy.name,
    mayTakeOver(key) {
      if (owner.policy.routeTakeover === 'newest') return true
      return (owner.grant.route_takeovers ?? []).some((entry) => routeEntryMatches(entry, key))
    },
  }
}
