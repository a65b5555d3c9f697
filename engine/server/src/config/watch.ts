import { type FSWatcher, watch } from 'node:fs'
import { basename, dirname } from 'node:path'

export const configWatchDefaults = {
  /** Editors write a file in several steps; act once it has been quiet this long. */
  debounceMs: 500,
}

/**
 * Calls `onChange` after the file changes (debounced). The directory is watched, because editors
 * often replace a file instead of writing it in place. Returns a stop function.
 */
export function watchConfigFile(
  file: string,
  onChange: () => void,
  debounceMs = configWatchDefaults.debounceMs,
): () => void {
  const name = basename(file)
  let timer: ReturnType<typeof setTimeout> | undefined
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(onChange, debounceMs)
  })
  watcher.on('error', () => {})
  return () => {
    if (timer) clearTimeout(timer)
    watcher.close()
  }
}
