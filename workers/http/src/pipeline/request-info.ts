import { splitRequestPath } from '../routes/api-path'
import type { RouteTarget } from '../routes/http-trigger'
import type { RouteMatch, RouteTable } from '../routes/route-table'

/** What the pipeline reads from a request once. */
export interface RequestInfo {
  method: string
  /** The concrete path, as received. */
  path: string
  query: Record<string, string>
  /** Lower-case names, one value per name. */
  headers: Record<string, string>
}

/** A request matched to a route and the binding that serves it. */
export interface ResolvedRoute {
  pattern: string
  target: RouteTarget
  params: Record<string, string>
}

export function readRequestInfo(request: Request): RequestInfo {
  const url = request.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const mark = url.indexOf('?', start)
  const path = start === -1 ? '/' : url.slice(start, mark === -1 ? undefined : mark)
  const query: Record<string, string> = {}
  // One value per name: the last occurrence wins (BUILTINS.md §3.3).
  if (mark !== -1)
    for (const [name, value] of new URLSearchParams(url.slice(mark + 1))) query[name] = value
  const headers: Record<string, string> = {}
  for (const [name, value] of request.headers) headers[name] = value
  return { method: request.method, path, query, headers }
}

/**
 * Finds the route and the claim that serves it: the most recently registered binding whose
 * function is registered, else the most recent one (which then answers 503). HEAD falls back
 * to the GET route.
 */
export function resolveRoute(
  table: RouteTable<RouteTarget>,
  info: RequestInfo,
  hasFunction: (id: string, namespace: string) => boolean,
): ResolvedRoute | undefined {
  const segments = splitRequestPath(info.path)
  const match =
    table.match(info.method, segments) ??
    (info.method === 'HEAD' ? table.match('GET', segments) : undefined)
  if (!match) return undefined
  const target = pickTarget(match, hasFunction)
  if (!target) return undefined
  const params: Record<string, string> = {}
  match.route.paramNames.forEach((name, i) => {
    params[name] = match.values[i] ?? ''
  })
  return { pattern: match.route.pattern, target, params }
}

function pickTarget(
  match: RouteMatch<RouteTarget>,
  hasFunction: (id: string, namespace: string) => boolean,
): RouteTarget | undefined {
  const claims = match.route.claims
  let newest: RouteTarget | undefined
  for (let i = claims.length - 1; i >= 0; i--) {
    const target = claims[i]?.target
    if (!target) continue
    newest ??= target
    if (hasFunction(target.functionId, target.namespace)) return target
  }
  return newest
}

/** Methods that do have a route for this request's path (for a 405). */
export function allowedMethods(table: RouteTable<RouteTarget>, info: RequestInfo): string[] {
  return table.methodsFor(splitRequestPath(info.path))
}
