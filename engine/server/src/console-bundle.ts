import { fileURLToPath } from 'node:url'

/**
 * The console app inside the installable engine: the build copies the console's `dist/` to
 * `dist/console/` next to the engine's own chunks and points `@iii/console` here.
 */
export const consoleBundleDir = fileURLToPath(new URL('./console/', import.meta.url))
