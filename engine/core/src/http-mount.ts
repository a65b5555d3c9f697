import { type Capability, defineCapability } from './capabilities'

/**
 * A Fetch handler that a built-in worker mounts on `iii-http` at `path` (and below it), ahead of
 * the route table: `iii-mcp` serves `/mcp` this way. The HTTP worker looks it up per request.
 */
export interface HttpMount {
  /** Absolute path, e.g. `/mcp`. */
  path: string
  handle(request: Request): Promise<Response>
}

/** The one HTTP mount slot (offered by `iii-mcp`). */
export const httpMountCapability: Capability<HttpMount> = defineCapability<HttpMount>('http-mount')
