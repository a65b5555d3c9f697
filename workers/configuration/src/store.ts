/** One configuration entry as stored: the value is raw (placeholders unexpanded). */
export interface StoredEntry {
  id: string
  name: string
  description: string
  /** The JSON Schema the value must pass. */
  schema: unknown
  /** The raw value; `undefined` when the entry has none yet (`null` is a value). */
  value: unknown
  metadata?: Record<string, unknown>
}

/** An entry changed from outside the engine (the fs adapter: a file edited by hand). */
export interface ExternalChange {
  id: string
  /** The entry before the change; absent when a file appeared. */
  previous?: StoredEntry
  /** The entry after the change; absent when a file was removed. */
  next?: StoredEntry
}

/**
 * Decides whether an external edit may be applied: a reason to refuse it, or `undefined`.
 * Refused edits are logged as warnings and the previous entry stays.
 */
export type AcceptEdit = (entry: StoredEntry) => string | undefined

/**
 * The configuration adapter contract: entries by id. Memory and fs implement it with the same
 * semantics; one conformance suite runs against each.
 */
export interface ConfigurationStore {
  /** Adapter name, for logs. */
  readonly name: string
  get(id: string): Promise<StoredEntry | undefined>
  /** Every entry, sorted by id. */
  list(): Promise<StoredEntry[]>
  /** Stores an entry (replacing the one with its id) and returns the previous one. */
  put(entry: StoredEntry): Promise<StoredEntry | undefined>
  /** Removes an entry and returns it. */
  delete(id: string): Promise<StoredEntry | undefined>
  /** Reports external changes that `accept` passed, after they were applied to the store. */
  watch(listener: (change: ExternalChange) => void): void
  /** Stops watching and releases resources. */
  close(): Promise<void>
}

/** A deep copy, so callers never share objects with the store. */
export const copyEntry = (entry: StoredEntry): StoredEntry => structuredClone(entry)
