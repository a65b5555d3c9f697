import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The engine version from package.json (one level up from both src/ and dist/). */
export const engineVersion: string = (require('../package.json') as { version: string }).version
