import { createRequire } from 'node:module'

/** This SDK's version, reported to the engine in the worker announcement. */
export const version: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version
