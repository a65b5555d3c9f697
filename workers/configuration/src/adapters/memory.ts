import { type ConfigurationStore, copyEntry, type ExternalChange, type StoredEntry } from '../store'

/** Entries in process memory; nothing changes them from outside, so `watch` never reports. */
export class MemoryConfigurationStore implements ConfigurationStore {
  readonly name: string = 'memory'
  protected readonly entries = new Map<string, StoredEntry>()

  async get(id: string): Promise<StoredEntry | undefined> {
    const entry = this.entries.get(id)
    return entry && copyEntry(entry)
  }

  async list(): Promise<StoredEntry[]> {
    return [...this.entries.keys()]
      .sort()
      .map((id) => copyEntry(this.entries.get(id) as StoredEntry))
  }

  async put(entry: StoredEntry): Promise<StoredEntry | undefined> {
    const previous = this.entries.get(entry.id)
    this.entries.set(entry.id, copyEntry(entry))
    return previous
  }

  async delete(id: string): Promise<StoredEntry | undefined> {
    const previous = this.entries.get(id)
    this.entries.delete(id)
    return previous
  }

  watch(_listener: (change: ExternalChange) => void): void {}

  async close(): Promise<void> {}
}
