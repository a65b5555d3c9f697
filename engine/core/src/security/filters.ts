/** One `expose_functions` / namespace-grant filter (PROTOCOL.md §11.2). */
export type FilterSpec =
  | string
  | { match?: string; metadata?: Record<string, unknown>; namespace?: string }

export interface CompiledFilter {
  namespace: string
  test(functionId: string, metadata: unknown): boolean
}

const matchCall = /^match\(\s*"(.*)"\s*\)$/

/** An anchored glob where only `*` is special. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

/** `match("a::*")` is a glob; any other string matches exactly. */
function valueMatcher(pattern: string): (value: unknown) => boolean {
  const m = matchCall.exec(pattern)
  if (m) {
    const re = globToRegExp(m[1] as string)
    return (value) => typeof value === 'string' && re.test(value)
  }
  return (value) => value === pattern
}

function metadataMatcher(expected: Record<string, unknown>): (metadata: unknown) => boolean {
  const checks = Object.entries(expected).map(([key, want]) => {
    const test =
      typeof want === 'string'
        ? valueMatcher(want)
        : (value: unknown) => JSON.stringify(value) === JSON.stringify(want)
    return (metadata: Record<string, unknown>) => test(metadata[key])
  })
  return (metadata) =>
    typeof metadata === 'object' &&
    metadata !== null &&
    checks.every((check) => check(metadata as Record<string, unknown>))
}

/** Compiles one filter; a filter without `namespace` applies to `default` only. */
export function compileFilter(spec: FilterSpec): CompiledFilter {
  if (typeof spec === 'string') {
    const test = valueMatcher(spec)
    return { namespace: 'default', test: (id) => test(id) }
  }
  const idTest =
    spec.match === undefined
      ? () => true
      : valueMatcher(spec.match.startsWith('match(') ? spec.match : `match("${spec.match}")`)
  const metaTest = spec.metadata === undefined ? () => true : metadataMatcher(spec.metadata)
  return {
    namespace: spec.namespace ?? 'default',
    test: (id, metadata) => idTest(id) && metaTest(metadata),
  }
}

/** Filters are OR'd. */
export function anyFilterMatches(filters: CompiledFilter[], target: CallTarget): boolean {
  return filters.some((f) => f.namespace === target.namespace && f.test(target.id, target.metadata))
}

/** The function a call or binding names, as filters and RBAC see it. */
export interface CallTarget {
  readonly id: string
  readonly namespace: string
  readonly metadata?: unknown
}
