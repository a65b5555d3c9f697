import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)

/**
 * Node arguments that run a workspace TypeScript entry point from source in a child process:
 * workspace packages resolve to `src/` through the `@iii/source` condition and tsx compiles them.
 */
export function tsNodeArgs(): string[] {
  return ['--conditions=@iii/source', '--import', pathToFileURL(require.resolve('tsx')).href]
}
