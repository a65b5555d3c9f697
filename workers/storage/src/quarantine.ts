import { rename } from 'node:fs/promises'

/** `<file>.corrupt-<timestamp>`: where an unreadable file is moved, kept for inspection. */
export const quarantineName = (file: string, nowMs: number = Date.now()): string =>
  `${file}.corrupt-${new Date(nowMs).toISOString().replaceAll(':', '-')}`

/** Moves `file` aside as `<file>.corrupt-<timestamp>` and returns the new name. */
export async function quarantineFile(file: string): Promise<string> {
  const target = quarantineName(file)
  await rename(file, target)
  return target
}
