import type { ErrorCode } from '@iii/protocol'
/** A path: one literal key, or (for `merge` and `append`) a list of literal segments. */
export type UpdatePath = string | string[]

/** One update operation (BUILTINS.md §0.3). */
export type UpdateOp =
  | { type: 'set'; path: string; value: unknown }
  | { type: 'merge'; path?: UpdatePath; value: unknown }
  | { type: 'increment'; path: string; by: number }
  | { type: 'decrement'; path: string; by: number }
  | { type: 'append'; path?: UpdatePath; value: unknown }
  | { type: 'remove'; path: string }

/** Every op type, in the order error messages list them. */
export const updateOpTypes = ['set', 'merge', 'increment', 'decrement', 'append', 'remove'] as const
export type UpdateOpType = (typeof updateOpTypes)[number]

/** A failed op: it was skipped, the others still applied. */
export interface UpdateOpError {
  /** Position of the op in the request's `ops`. */
  op_index: number
  /** A registry code of the `update` area, e.g. `merge.path.too_deep`, `increment.not_number`. */
  code: ErrorCode
  message: string
  doc_url: string
}

/** The outcome of applying an op list to a value. */
export interface UpdateOpsResult {
  value: unknown
  errors: UpdateOpError[]
}

/** Bounds every implementation (JS and Lua) enforces. */
export const updateOpLimits = {
  /** Segments in one path. */
  maxPathSegments: 32,
  /** UTF-8 bytes in one path segment. */
  maxSegmentBytes: 256,
  /** Nesting levels of a merge value (an object is one level). */
  maxMergeDepth: 16,
  /** Top-level keys of a merge value. */
  maxMergeKeys: 1024,
} as const

/** Path segments and merge keys that could reach an object's prototype. */
export const refusedKeys = ['__proto__', 'constructor', 'prototype'] as const

/** Where per-op error codes are documented. */
export const updateOpsDocUrl = 'docs/reference/errors.md#update'
