import { withServerSpan } from '@iii/core'
import { httpDefaults } from '../config'
import {
  conditionNotMet,
  failureResponse,
  methodNotAllowed,
  notFound,
  payloadTooLarge,
  type RequestContext,
  tooManyRequests,
} from '../errors'
import type { Connection } from '../server/connection'
import { callHandler } from './call-handler'
import type { PipelineDeps } from './deps'
import { Exchange } from './exchange'
import { middlewareInputOf, runMiddleware } from './middleware'
import { declaresTooLarge, takeBody } from './request-body'
import { RequestChannels } from './request-channels'
import {
  allowedMethods,
  type RequestInfo,
  type ResolvedRoute,
  readRequestInfo,
  resolveRoute,
} from './request-info'

/**
 * The request pipeline (BUILTINS.md §3.2): route match → concurrency slot → global middleware
 * by priority → body and channels → condition → per-route middleware → handler.
 */
export function createRequestHandler(
  deps: PipelineDeps,
): (request: Request, connection: Connection) => Response | Promise<Response> {
  return (request, connection) => {
    const info = readRequestInfo(request)
    const route = resolveRoute(deps.table, info, deps.hasFunction)
    if (!route) return noRoute(deps, info)
    if (declaresTooLarge(request, deps.config.body_limit_bytes))
      return payloadTooLarge(deps.config.body_limit_bytes)
    const lane = `${info.method} ${route.pattern}`
    const admission = deps.concurrency.acquire(lane, connection)
    if (admission === 'full') return tooManyRequests(lane, httpDefaults.retryAfterSeconds)
    const matched: Matched = { request, connection, info, route }
    if (admission === 'admitted') return startMatched(deps, matched)
    // `false`: the client left while waiting; nobody reads this response.
    return admission.then((ok) => (ok ? startMatched(deps, matched) : new Response(null)))
  }
}

interface Matched {
  request: Request
  connection: Connection
  info: RequestInfo
  route: ResolvedRoute
}

/** Runs a matched request that holds its slot, under its server span. */
function startMatched(
  deps: PipelineDeps,
  { request, connection, info, route }: Matched,
): Promise<Response> {
  const exchange = new Exchange()
  const span = `HTTP ${info.method} ${route.pattern}`
  const carrier = { traceparent: info.headers.traceparent, baggage: info.headers.baggage }
  const attributes = {
    'http.request.method': info.method,
    'http.route': route.pattern,
    'url.path': info.path,
  }
  withServerSpan(
    deps.tracer(),
    { name: span, carrier, attributes, describe: describeResponse },
    () => runMatched(deps, { request, connection, info, route }, exchange),
  ).then(
    // `undefined`: the client left or another phase already answered; nobody reads this.
    (response) => exchange.respond(response ?? new Response(null)),
    (err) =>
      exchange.respond(
        failureResponse(err, { ...contextOf(deps, info, route), phase: 'pipeline' }),
      ),
  )
  return exchange.response
}

/** Span attributes of the answer; a 5xx marks the request span as an error. */
function describeResponse(response: Response | undefined) {
  const status = response?.status ?? 0
  return {
    attributes: { 'http.response.status_code': status },
    error: status >= 500 ? `HTTP ${status}` : undefined,
  }
}

const contextOf = (
  deps: PipelineDeps,
  info: RequestInfo,
  route: ResolvedRoute,
): RequestContext => ({
  logger: deps.logger,
  method: info.method,
  path: route.pattern,
  headers: info.headers,
})

async function runMatched(
  deps: PipelineDeps,
  { request, connection, info, route }: Matched,
  exchange: Exchange,
): Promise<Response | undefined> {
  const { target } = route
  const context = contextOf(deps, info, route)
  const over = () => connection.aborted || exchange.settled
  const middlewareInput = middlewareInputOf({
    path_params: route.params,
    query_params: info.query,
    headers: info.headers,
    method: info.method,
  })
  const early = await runMiddleware(
    deps,
    { ids: deps.globalMiddleware, namespace: target.namespace, context },
    middlewareInput,
  )
  if (early) return early
  if (over()) return undefined

  const channels = new RequestChannels(deps.channels, httpDefaults.channelBufferSize, deps.logger)
  connection.onClose(() => channels.close())
  const limitBytes = deps.config.body_limit_bytes
  const body = await takeBody(request, { channels, limitBytes, exchange })
  if (!body.ok) return body.response
  if (over()) return undefined
  const trigger = { type: 'http', path: route.pattern, method: info.method }
  const base = {
    path: route.pattern,
    method: info.method,
    path_params: route.params,
    query_params: info.query,
    headers: info.headers,
    body: body.body,
    trigger,
  }

  if (target.conditionFunctionId) {
    const condition = { functionId: target.conditionFunctionId, namespace: target.namespace }
    const verdict = await checkCondition(deps, { ...condition, context }, base)
    if (verdict) return verdict
    if (over()) return undefined
  }
  const perRoute = await runMiddleware(
    deps,
    { ids: target.middlewareFunctionIds, namespace: target.namespace, context },
    middlewareInput,
  )
  if (perRoute) return perRoute
  if (over()) return undefined
  return callHandler(deps, { target, input: { ...base, ...channels.refs() }, channels, context })
}

/** Step 4: exactly `false` ⇒ 422 with `skipped: true`; an error ⇒ its 500 (BUILTINS.md §3.2). */
async function checkCondition(
  deps: PipelineDeps,
  {
    functionId,
    namespace,
    context,
  }: { functionId: string; namespace: string; context: RequestContext },
  input: Record<string, unknown>,
): Promise<Response | undefined> {
  try {
    const result = await deps.invoke({ functionId, namespace, data: input })
    return result === false ? conditionNotMet(functionId) : undefined
  } catch (err) {
    return failureResponse(err, { ...context, phase: 'condition', functionId })
  }
}

/** 405 when other methods route this path, else 404. */
function noRoute(deps: PipelineDeps, info: RequestInfo): Response {
  const allowed = allowedMethods(deps.table, info)
  return allowed.length > 0
    ? methodNotAllowed(info.method, info.path, allowed)
    : notFound(info.method, info.path)
}
