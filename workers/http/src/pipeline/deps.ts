import type { ChannelRegistry, EngineSlots, HttpMount, Logger, WorkerContext } from '@iii/core'
import type { HttpConfig } from '../config'
import type { FairConcurrency } from '../fair-concurrency'
import type { RouteTarget } from '../routes/http-trigger'
import type { RouteTable } from '../routes/route-table'

/** What the request pipeline needs from the worker. */
export interface PipelineDeps {
  config: HttpConfig
  table: RouteTable<RouteTarget>
  channels: ChannelRegistry
  logger: Logger
  invoke: WorkerContext['invoke']
  hasFunction(id: string, namespace: string): boolean
  /** Global middleware function ids, in ascending priority. */
  globalMiddleware: string[]
  responseClaimGraceMs: number
  /** In-flight limits per route and overall. */
  concurrency: FairConcurrency
  /** The engine's tracer while tracing is on: each request gets a server span. */
  tracer: () => EngineSlots['tracer'] | undefined
  /** A built-in worker's handler mounted ahead of the routes (`/mcp`), looked up per request. */
  mount?: () => HttpMount | undefined
}
