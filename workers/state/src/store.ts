import type { UpdateOp, UpdateOpError } from '@iii/update-ops'

/** What `update` did; `old_value` is undefined when the key was absent. */
export interface StateUpdateOutcome {
  old_value: unknown
  new_value: unknown
  errors: UpdateOpError[]
}

/** One `update`: a checked op list, applied atomically. */
export interface StateChange {
  ops: UpdateOp[]
  /** Refuse (`VALUE_TOO_LARGE`, nothing written) when the result serializes larger. */
  maxValueBytes?: number
}

/**
 * The state adapter contract: values addressed by `(scope, key)`. Memory, file and Redis
 * implement it with the same semantics; one conformance suite runs against each. "Absent" is
 * `undefined`; a stored `null` is a value.
 */
export interface StateStore {
  /** Adapter name, for logs. */
  readonly name: string
  get(scope: string, key: string): Promise<unknown>
  /** Stores a value and returns the previous one. */
  set(scope: string, key: string, value: unknown): Promise<unknown>
  /** Removes a key and returns the previous value. */
  delete(scope: string, key: string): Promise<unknown>
  /** Applies a checked op list atomically (one op list never interleaves with another write). */
  update(scope: string, key: string, change: StateChange): Promise<StateUpdateOutcome>
  /** The scope's values, in no particular order. */
  list(scope: string): Promise<unknown[]>
  /** The scope's keys, sorted. */
  listKeys(scope: string): Promise<string[]>
  /** Scopes holding at least one key, sorted. */
  listGroups(): Promise<string[]>
  /** Releases resources; the file adapter writes everything first. */
  close(): Promise<void>
}
