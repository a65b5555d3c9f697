/**
 * Where a function registered by a bridge really runs: `metadata["iii.bridge"].path` lists the
 * engine ids a call passes through after leaving the engine it was made on, ending with the engine
 * that runs it. A bridge refuses to put a function on an engine that is already on its path
 * (A exposes to B, B would expose it back to A).
 */
export const PROVENANCE_KEY = 'iii.bridge'

export interface Provenance {
  /** The bridge that registered the function. */
  bridge: string
  path: string[]
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The path in a function's metadata; `[]` for a function that runs where it is registered. */
export function pathOf(metadata: unknown): string[] {
  if (!isRecord(metadata)) return []
  const provenance = metadata[PROVENANCE_KEY]
  if (!isRecord(provenance) || !Array.isArray(provenance.path)) return []
  return provenance.path.filter((id): id is string => typeof id === 'string')
}

/** `metadata` with the provenance set (a non-object metadata is replaced). */
export function withProvenance(metadata: unknown, provenance: Provenance): Record<string, unknown> {
  return { ...(isRecord(metadata) ? metadata : {}), [PROVENANCE_KEY]: provenance }
}
