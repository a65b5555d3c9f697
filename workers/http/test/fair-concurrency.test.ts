import { describe, expect, it } from 'vitest'
import { FairConcurrency } from '../src/fair-concurrency'
import { ExchangeState } from '../src/server/connection'

const exchange = () =>
  new ExchangeState((err) => {
    throw err
  })
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('FairConcurrency', () => {
  it('caps one route at its limit and refuses past its queue, leaving room for others', () => {
    const limit = new FairConcurrency({ globalLimit: 4, routeLimit: 2, queueLimit: 1 })
    expect(limit.acquire('slow', exchange())).toBe('admitted')
    expect(limit.acquire('slow', exchange())).toBe('admitted')
    expect(limit.acquire('slow', exchange())).toBeInstanceOf(Promise)
    expect(limit.acquire('slow', exchange())).toBe('full')
    expect(limit.acquire('fast', exchange())).toBe('admitted')
    expect(limit.inFlight).toBe(3)
  })

  it('hands freed global slots to waiting routes in turn', async () => {
    const limit = new FairConcurrency({ globalLimit: 2, routeLimit: 2, queueLimit: 10 })
    const holders = [exchange(), exchange()]
    for (const h of holders) expect(limit.acquire('a', h)).toBe('admitted')
    const order: string[] = []
    const wait = (route: string) => {
      const ex = exchange()
      const admission = limit.acquire(route, ex) as Promise<boolean>
      void admission.then((ok) => ok && order.push(route))
      return ex
    }
    const waiting = [wait('a'), wait('a'), wait('a'), wait('b')]
    holders[0]?.finish()
    await tick()
    holders[1]?.finish()
    await tick()
    // `a` queued first and got the first slot; `b` gets the next one before `a`'s second waiter.
    expect(order).toEqual(['a', 'b'])
    for (const w of waiting) w.finish()
    await tick()
    expect(order).toEqual(['a', 'b', 'a', 'a'])
  })

  it('a waiter whose client left gives up its place', async () => {
    const limit = new FairConcurrency({ globalLimit: 1, routeLimit: 1, queueLimit: 1 })
    const holder = exchange()
    expect(limit.acquire('r', holder)).toBe('admitted')
    const leaver = exchange()
    const admission = limit.acquire('r', leaver) as Promise<boolean>
    leaver.abort()
    await expect(admission).resolves.toBe(false)
    expect(limit.acquire('r', exchange())).toBeInstanceOf(Promise)
    holder.finish()
    await tick()
    expect(limit.inFlight).toBe(1)
  })
})
