import type { Connection } from './server/connection'

/** Limits of {@link FairConcurrency}. */
export interface FairConcurrencyOptions {
  /** In-flight requests across all routes (`concurrency_request_limit`). */
  globalLimit: number
  /** In-flight requests of one route (`concurrency_route_limit`). */
  routeLimit: number
  /** Requests of one route waiting for a slot (`concurrency_queue_limit`); beyond it, refused. */
  queueLimit: number
}

/** Admitted now, refused because the route's queue is full, or a wait that resolves false if the client left. */
export type Admission = 'admitted' | 'full' | Promise<boolean>

interface Lane {
  active: number
  readonly waiting: Set<() => void>
  /** The route is in the turn list. */
  queued: boolean
}

/**
 * In-flight limits per route and overall, with a bounded wait queue per route. A freed slot
 * goes to the routes with waiters in turn (round robin), never to the route that filled the
 * queue first, so one slow route holds at most its own share and others keep being answered.
 */
export class FairConcurrency {
  private active = 0
  private readonly lanes = new Map<string, Lane>()
  /** Routes with waiters, in the order they get the next free slot. */
  private readonly turn: string[] = []
  readonly options: FairConcurrencyOptions

  constructor(options: FairConcurrencyOptions) {
    this.options = {
      globalLimit: Math.max(1, options.globalLimit),
      routeLimit: Math.max(1, options.routeLimit),
      queueLimit: Math.max(0, options.queueLimit),
    }
  }

  /** Takes a slot for `route`, released when the exchange ends. */
  acquire(route: string, connection: Connection): Admission {
    const lane = this.lane(route)
    if (lane.waiting.size === 0 && this.hasRoom(lane)) {
      this.take(route, lane, connection)
      return 'admitted'
    }
    if (lane.waiting.size >= this.options.queueLimit) {
      this.dropIfIdle(route, lane)
      return 'full'
    }
    return new Promise((resolve) => {
      const grant = () => {
        lane.waiting.delete(grant)
        this.take(route, lane, connection)
        resolve(true)
      }
      lane.waiting.add(grant)
      if (!lane.queued) {
        lane.queued = true
        this.turn.push(route)
      }
      connection.onClose(() => {
        if (!lane.waiting.delete(grant)) return
        resolve(false)
        this.dropIfIdle(route, lane)
      })
    })
  }

  /** Requests in flight over all routes. */
  get inFlight(): number {
    return this.active
  }

  private lane(route: string): Lane {
    let lane = this.lanes.get(route)
    if (!lane) {
      lane = { active: 0, waiting: new Set(), queued: false }
      this.lanes.set(route, lane)
    }
    return lane
  }

  private hasRoom(lane: Lane): boolean {
    return this.active < this.options.globalLimit && lane.active < this.options.routeLimit
  }

  private take(route: string, lane: Lane, connection: Connection): void {
    this.active++
    lane.active++
    connection.onClose(() => this.release(route, lane))
  }

  private release(route: string, lane: Lane): void {
    this.active--
    lane.active--
    this.dispatch()
    this.dropIfIdle(route, lane)
  }

  /** Hands free slots to waiting routes in turn; a route at its own limit keeps its place. */
  private dispatch(): void {
    let passes = this.turn.length
    while (passes > 0 && this.active < this.options.globalLimit) {
      const route = this.turn.shift() as string
      const lane = this.lanes.get(route)
      if (!lane || lane.waiting.size === 0) {
        if (lane) {
          lane.queued = false
          this.dropIfIdle(route, lane)
        }
        passes = this.turn.length
        continue
      }
      const granted = lane.active < this.options.routeLimit
      if (granted) lane.waiting.values().next().value?.()
      if (lane.waiting.size > 0) this.turn.push(route)
      else lane.queued = false
      passes = granted ? this.turn.length : passes - 1
    }
  }

  private dropIfIdle(route: string, lane: Lane): void {
    if (
      lane.active === 0 &&
      lane.waiting.size === 0 &&
      !lane.queued &&
      this.lanes.get(route) === lane
    )
      this.lanes.delete(route)
  }
}
