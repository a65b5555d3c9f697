import type { ErrorCode } from '@iii/protocol'
import {
  refusedKeys,
  type UpdateOpError,
  type UpdateOpType,
  type UpdatePath,
  updateOpLimits,
  updateOpsDocUrl,
} from './types'

/** Builds one per-op error. */
export function opError(opIndex: number, code: ErrorCode, message: string): UpdateOpError {
  return { op_index: opIndex, code, message, doc_url: updateOpsDocUrl }
}

/** Path segments after the rules of BUILTINS.md §0.3, or the error of the first broken rule. */
export type PathCheck = { segments: string[] } | { error: UpdateOpError }

/**
 * Splits a path into literal segments: absent, `""` and `[]` are the root (no segments), a
 * string is one key (dots are never traversed), an array is a list of keys.
 */
export function toSegments(path: UpdatePath | undefined): string[] {
  if (path === undefined || path === '') return []
  return typeof path === 'string' ? [path] : path
}

/** Checks depth, then each segment in order: empty, too long, refused name. */
export function checkPath(type: UpdateOpType, opIndex: number, segments: string[]): PathCheck {
  type Rule = 'too_deep' | 'empty_segment' | 'segment_too_long' | 'proto_polluted'
  const fail = (rule: Rule, message: string): PathCheck => ({
    error: opError(opIndex, `${type}.path.${rule}`, message),
  })
  const { maxPathSegments, maxSegmentBytes } = updateOpLimits
  if (segments.length > maxPathSegments)
    return fail('too_deep', `path has ${segments.length} segments; the limit is ${maxPathSegments}`)
  for (const [i, segment] of segments.entries()) {
    if (segment === '') return fail('empty_segment', `path segment ${i} is empty`)
    const bytes = Buffer.byteLength(segment, 'utf8')
    if (bytes > maxSegmentBytes)
      return fail(
        'segment_too_long',
        `path segment ${i} is ${bytes} bytes; the limit is ${maxSegmentBytes}`,
      )
    if ((refusedKeys as readonly string[]).includes(segment))
      return fail('proto_polluted', `path segment ${i} is "${segment}", which is refused`)
  }
  return { segments }
}
