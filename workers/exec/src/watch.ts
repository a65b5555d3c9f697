import { type FSWatcher, watch } from 'node:fs'
import { globToRegExp, matchesAny } from './glob'

export interface WatchOptions {
  dir: string
  globs: string[]
  debounceMs: number
  onChange: (path: string) => void
  onError: (err: Error) => void
}

/** Directories never worth watching: changes there are not source edits. */
const ignored = /(^|\/)(node_modules|\.git)(\/|$)/

/** Watches `dir` recursively; a change to a file matching a glob calls `onChange` once per burst. */
export function watchGlobs(options: WatchOptions): () => void {
  const globs = options.globs.map(globToRegExp)
  let timer: NodeJS.Timeout | undefined
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(options.dir, { recursive: true }, (_event, file) => {
      const path = file?.toString()
      if (!path || ignored.test(path) || !matchesAny(globs, path)) return
      clearTimeout(timer)
      timer = setTimeout(() => options.onChange(path), options.debounceMs)
    })
    watcher.on('error', options.onError)
  } catch (err) {
    options.onError(err as Error)
  }
  return () => {
    clearTimeout(timer)
    watcher?.close()
  }
}
