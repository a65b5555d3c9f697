import { fileURLToPath } from 'node:url'

/** Absolute path of the built console app (`vite build` writes it). */
export const consoleBundleDir = fileURLToPath(new URL('./dist/', import.meta.url))
