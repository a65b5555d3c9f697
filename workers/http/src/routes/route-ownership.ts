import type { BinderInfo } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { ClaimOwner, RouteClaim } from './route-table'

/** What a new binding is to a route that other bindings already claim. */
export type ClaimPlacement = 'serve' | 'standby'

interface Target {
  functionId: string
  namespace: string
}

const ownerOf = (binder: BinderInfo): ClaimOwner => ({
  workerId: binder.workerId,
  workerName: binder.workerName,
  listener: binder.listener,
})

const describe = (owner: ClaimOwner | undefined) =>
  owner ? `worker '${owner.workerName}' (${owner.workerId})` : 'the engine configuration'

/**
 * Route ownership (PROTOCOL.md §11.6). A binding on a method + path that only its own connection
 * (or nobody) claims serves at once. Over another connection's claim it serves at once when its
 * listener says `route_takeover: newest` or its grant's `route_takeovers` names the route; it
 * waits as a standby when it is a redeploy (the serving claim's worker name on the same
 * listener) or points at the same function (calls follow that function's owner anyway);
 * anything else is refused with `FORBIDDEN`. Built-in and ownerless bindings are trusted.
 */
export function placeClaim<TTarget extends Target>(
  claims: readonly RouteClaim<TTarget>[],
  binding: { id: string; binder: BinderInfo | undefined; target: Target; key: string },
): { placement: ClaimPlacement; owner?: ClaimOwner } {
  const { binder } = binding
  if (!binder) return { placement: 'serve' }
  const owner = ownerOf(binder)
  const others = claims.filter(
    (c) => c.bindingId !== binding.id && c.owner?.workerId !== binder.workerId,
  )
  const serving = others[others.length - 1]
  if (!serving || binder.mayTakeOver(binding.key)) return { placement: 'serve', owner }
  const sameFunction = others.every(
    (c) =>
      c.target.functionId === binding.target.functionId &&
      c.target.namespace === binding.target.namespace,
  )
  const redeploy =
    serving.owner?.workerName === binder.workerName && serving.owner.listener === binder.listener
  if (sameFunction || redeploy) return { placement: 'standby', owner }
  throw new IIIError(
    'FORBIDDEN',
    `route ${binding.key} is served by ${describe(serving.owner)}; only a worker with the same name may take it over (a redeploy, it waits as a standby), unless the listener sets route_takeover: newest or the grant's route_takeovers names the route`,
  )
}
