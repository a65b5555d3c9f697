/** The change kinds a `configuration` binding receives (BUILTINS.md §13). */
export const configurationEventTypes = [
  'configuration:registered',
  'configuration:updated',
  'configuration:deleted',
] as const
export type ConfigurationEventType = (typeof configurationEventTypes)[number]

/** What an entry looks like to bindings and to `list`/`schema`: everything but the value. */
export interface EntryInfo {
  id: string
  name: string
  description: string
  schema: unknown
  metadata?: Record<string, unknown>
}

/** The payload a `configuration` binding receives; values have their placeholders expanded. */
export interface ConfigurationEvent extends EntryInfo {
  type: 'configuration'
  event_type: ConfigurationEventType
  old_value: unknown
  new_value: unknown
}

/** Receives every completed change; the trigger type fans it out to matching bindings. */
export type ChangeSink = (
  eventType: ConfigurationEventType,
  entry: EntryInfo,
  values: ChangeValues,
) => void

/** An entry's value before and after a change; `undefined` when absent. */
export interface ChangeValues {
  oldValue: unknown
  newValue: unknown
}

/** The entry without its value, with `metadata` only when it has some. */
export function infoOf(entry: EntryInfo): EntryInfo {
  const info: EntryInfo = {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    schema: entry.schema,
  }
  if (entry.metadata !== undefined) info.metadata = entry.metadata
  return info
}
