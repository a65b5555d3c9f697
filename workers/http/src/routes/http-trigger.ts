import type { BindingInfo, Logger, TriggerProvider, TriggerTypeDef } from '@iii/core'
import { parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import { parseApiPath } from './api-path'
import { placeClaim } from './route-ownership'
import type { RouteTable } from './route-table'

/** The methods a route may use (BUILTINS.md §3.1). */
export const routeMethods = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'])

const HttpTriggerConfigSchema = Type.Object({
  api_path: Type.String({ minLength: 1 }),
  http_method: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  condition_function_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  middleware_function_ids: Type.Optional(
    Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.Null()]),
  ),
})

/** What a route runs: the binding's target with its condition and middleware. */
export interface RouteTarget {
  bindingId: string
  functionId: string
  namespace: string
  metadata: unknown
  conditionFunctionId: string | undefined
  middlewareFunctionIds: string[]
}

export const httpTriggerType: TriggerTypeDef = {
  id: 'http',
  description:
    'HTTP route: {api_path, http_method?, condition_function_id?, middleware_function_ids?}',
  trigger_request_format: HttpTriggerConfigSchema,
}

/** The `http` trigger type's provider: a binding adds a route claim, its removal withdraws it. */
export function createHttpTriggerProvider(
  table: RouteTable<RouteTarget>,
  logger: Logger,
): TriggerProvider {
  return {
    register(binding) {
      const { method, path, target } = parseBinding(binding)
      const key = `${method} ${path.pattern}`
      let placed: ReturnType<typeof placeClaim>
      try {
        placed = placeClaim(table.claimsAt(method, path), {
          id: binding.id,
          binder: binding.binder,
          target,
          key,
        })
      } catch (err) {
        logger.warn('route binding refused: the route is served by another worker', {
          route: key,
          trigger_id: binding.id,
          worker_id: binding.binder?.workerId,
        })
        throw err
      }
      const standby = placed.placement === 'standby'
      table.add(method, path, { bindingId: binding.id, target, owner: placed.owner, standby })
      logger.debug(standby ? 'route claim added as a standby' : 'route added', {
        method,
        path: path.pattern,
        function_id: binding.function_id,
        trigger_id: binding.id,
      })
    },
    unregister(binding) {
      if (table.remove(binding.id)) logger.debug('route claim removed', { trigger_id: binding.id })
    },
  }
}

function parseBinding(binding: BindingInfo) {
  const config = parseInput(HttpTriggerConfigSchema, binding.config, 'trigger_registration_failed')
  const method = (config.http_method ?? 'GET').toUpperCase()
  if (!routeMethods.has(method)) {
    throw new IIIError(
      'trigger_registration_failed',
      `http_method ${JSON.stringify(config.http_method)} is not one of ${[...routeMethods].join(', ')}`,
    )
  }
  const path = parseApiPath(config.api_path)
  const target: RouteTarget = {
    bindingId: binding.id,
    functionId: binding.function_id,
    namespace: binding.namespace,
    metadata: binding.metadata,
    conditionFunctionId: config.condition_function_id || undefined,
    middlewareFunctionIds: config.middleware_function_ids ?? [],
  }
  return { method, path, target }
}
