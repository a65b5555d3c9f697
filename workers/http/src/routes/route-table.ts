import { IIIError } from '@iii/protocol'
import type { ApiPath } from './api-path'

/** One binding's claim on a route. */
export interface RouteClaim<TTarget> {
  bindingId: string
  target: TTarget
  /** The connection that made the binding; absent for built-in and ownerless bindings. */
  owner?: ClaimOwner
}

/** Who holds a claim, as route ownership compares them (PROTOCOL.md §11.6). */
export interface ClaimOwner {
  workerId: string
  workerName: string
  listener: string
}

/** A method + path shape and the bindings that claim it, oldest first. */
export interface Route<TTarget> {
  method: string
  pattern: string
  paramNames: string[]
  claims: RouteClaim<TTarget>[]
}

interface Node<TTarget> {
  statics: Map<string, Node<TTarget>>
  param: Node<TTarget> | undefined
  route: Route<TTarget> | undefined
  parent: Node<TTarget> | undefined
  /** The key under `parent`: a literal segment, or `undefined` for the parameter child. */
  key: string | undefined
}

export interface RouteMatch<TTarget> {
  route: Route<TTarget>
  /** Parameter values in the order of `route.paramNames`. */
  values: string[]
}

const newNode = <T>(parent?: Node<T>, key?: string): Node<T> => ({
  statics: new Map(),
  param: undefined,
  route: undefined,
  parent,
  key,
})

/**
 * Routes keyed by method and path shape, in one segment trie per method: a lookup walks the
 * request's segments (literal child first, then the parameter child), so its cost depends on
 * the path's length, never on how many routes exist (BUILTINS.md §3.1).
 */
export class RouteTable<TTarget> {
  private readonly roots = new Map<string, Node<TTarget>>()
  private readonly byBinding = new Map<string, Node<TTarget>>()

  /**
   * Adds a claim; the same shape with other parameter names is refused. A `standby` claim goes
   * just below the serving (newest) one, so it serves once that one is withdrawn.
   */
  add(
    method: string,
    path: ApiPath,
    claim: RouteClaim<TTarget> & { standby?: boolean },
  ): Route<TTarget> {
    this.remove(claim.bindingId)
    let node = this.roots.get(method)
    if (!node) {
      node = newNode<TTarget>()
      this.roots.set(method, node)
    }
    for (const segment of path.segments)
      node = segment.kind === 'static' ? staticChild(node, segment.value) : paramChild(node)
    const route = node.route
    if (route && route.paramNames.join('/') !== path.paramNames.join('/')) {
      throw new IIIError(
        'trigger_registration_failed',
        `Route '${method} ${path.pattern}' conflicts with already-registered route '${method} ${route.pattern}': same shape, other parameter names (${path.paramNames.join(', ')} vs ${route.paramNames.join(', ')})`,
      )
    }
    const target = route ?? {
      method,
      pattern: path.pattern,
      paramNames: path.paramNames,
      claims: [],
    }
    const entry: RouteClaim<TTarget> = { bindingId: claim.bindingId, target: claim.target }
    if (claim.owner) entry.owner = claim.owner
    if (claim.standby && target.claims.length > 0)
      target.claims.splice(target.claims.length - 1, 0, entry)
    else target.claims.push(entry)
    node.route = target
    this.byBinding.set(claim.bindingId, node)
    return target
  }

  /** Withdraws one binding's claim; the route disappears with its last claim. */
  remove(bindingId: string): boolean {
    const node = this.byBinding.get(bindingId)
    if (!node?.route) return false
    this.byBinding.delete(bindingId)
    node.route.claims = node.route.claims.filter((c) => c.bindingId !== bindingId)
    if (node.route.claims.length === 0) {
      node.route = undefined
      this.prune(node)
    }
    return true
  }

  /** The claims on exactly this method and path shape (whatever the parameter names), oldest first. */
  claimsAt(method: string, path: ApiPath): readonly RouteClaim<TTarget>[] {
    let node = this.roots.get(method)
    for (const segment of path.segments) {
      if (!node) return []
      node = segment.kind === 'static' ? node.statics.get(segment.value) : node.param
    }
    return node?.route?.claims ?? []
  }

  match(method: string, segments: string[]): RouteMatch<TTarget> | undefined {
    const root = this.roots.get(method)
    if (!root) return undefined
    const values: string[] = []
    const route = walk(root, { segments, values }, 0)
    return route ? { route, values } : undefined
  }

  /** Methods with a route for these segments, sorted. */
  methodsFor(segments: string[]): string[] {
    return [...this.roots.keys()].filter((m) => this.match(m, segments) !== undefined).sort()
  }

  /** Number of live bindings. */
  get size(): number {
    return this.byBinding.size
  }

  private prune(node: Node<TTarget>): void {
    let current: Node<TTarget> | undefined = node
    while (current?.parent && !current.route && !current.param && current.statics.size === 0) {
      const parent: Node<TTarget> = current.parent
      if (current.key === undefined) parent.param = undefined
      else parent.statics.delete(current.key)
      current = parent
    }
  }
}

function staticChild<T>(node: Node<T>, value: string): Node<T> {
  let child = node.statics.get(value)
  if (!child) {
    child = newNode(node, value)
    node.statics.set(value, child)
  }
  return child
}

function paramChild<T>(node: Node<T>): Node<T> {
  node.param ??= newNode(node, undefined)
  return node.param
}

/** Depth-first match of `path.segments` from `index`; a param's value is pushed on `path.values`. */
function walk<T>(
  node: Node<T>,
  path: { segments: string[]; values: string[] },
  index: number,
): Route<T> | undefined {
  const { segments, values } = path
  if (index === segments.length) return node.route
  const segment = segments[index] as string
  const literal = node.statics.get(segment)
  if (literal) {
    const found = walk(literal, path, index + 1)
    if (found) return found
  }
  if (!node.param) return undefined
  values.push(segment)
  const found = walk(node.param, path, index + 1)
  if (!found) values.pop()
  return found
}
