import { IIIError } from '@iii/protocol'
import { failureResponse, type RequestContext } from '../errors'
import { buildResultResponse } from '../response/build-response'
import type { PipelineDeps } from './deps'

/** The request as middleware sees it: no body. */
export interface MiddlewareRequest {
  path_params: Record<string, string>
  query_params: Record<string, string>
  headers: Record<string, string>
  method: string
}

/**
 * What middleware sees (BUILTINS.md §3.2): the request's fields at the top level, and the
 * reference's shape beside them — `phase` (only `preHandler` exists), `request`, `context`.
 */
export interface MiddlewareInput extends MiddlewareRequest {
  phase: 'preHandler'
  request: MiddlewareRequest
  context: Record<string, unknown>
}

/** The middleware input for one request. */
export const middlewareInputOf = (request: MiddlewareRequest): MiddlewareInput => ({
  ...request,
  phase: 'preHandler',
  request,
  context: {},
})

const isRespond = (value: unknown): value is { action: 'respond'; response?: unknown } =>
  typeof value === 'object' && value !== null && 'action' in value && value.action === 'respond'

/** Calls `functionId`, rejecting with `MIDDLEWARE_TIMEOUT` after `timeoutMs`. */
async function callBounded(
  deps: PipelineDeps,
  { functionId, namespace }: { functionId: string; namespace: string },
  input: MiddlewareInput,
): Promise<unknown> {
  const timeoutMs = deps.config.default_timeout
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new IIIError(
            'MIDDLEWARE_TIMEOUT',
            `Middleware ${functionId} did not answer within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([
      deps.invoke({ functionId, namespace, data: input, timeoutMs }),
      deadline,
    ])
  } catch (err) {
    if (err instanceof IIIError && err.code === 'TIMEOUT') {
      throw new IIIError(
        'MIDDLEWARE_TIMEOUT',
        `Middleware ${functionId} did not answer within ${timeoutMs} ms`,
      )
    }
    throw err
  } finally {
    clearTimeout(timer)
  }
}

/** Middleware functions to run in order, in one namespace, for one request. */
export interface MiddlewareChain {
  ids: readonly string[]
  namespace: string
  context: RequestContext
}

/**
 * Runs middleware in order. `{action:"respond", response}` short-circuits with that response;
 * anything else continues. A failure is a 500 with the middleware's code, a timeout a 504.
 */
export async function runMiddleware(
  deps: PipelineDeps,
  chain: MiddlewareChain,
  input: MiddlewareInput,
): Promise<Response | undefined> {
  const { ids, namespace, context } = chain
  for (const functionId of ids) {
    let result: unknown
    try {
      result = await callBounded(deps, { functionId, namespace }, input)
    } catch (err) {
      return failureResponse(err, { ...context, phase: 'middleware', functionId })
    }
    if (!isRespond(result)) continue
    try {
      return buildResultResponse(result.response ?? {})
    } catch (err) {
      return failureResponse(err, { ...context, phase: 'middleware', functionId })
    }
  }
  return undefined
}
