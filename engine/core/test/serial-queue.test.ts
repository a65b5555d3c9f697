import { describe, expect, it } from 'vitest'
import { SerialQueue } from '../src/serial-queue'

describe('SerialQueue', () => {
  it('runs sync tasks at once and async tasks one at a time in order', async () => {
    const order: string[] = []
    const errors: unknown[] = []
    const q = new SerialQueue((e) => errors.push(e))
    q.push(() => order.push('a'))
    expect(order).toEqual(['a'])
    q.push(async () => {
      await new Promise((r) => setTimeout(r, 20))
      order.push('b')
    })
    q.push(() => order.push('c'))
    q.push(() => {
      throw new Error('bad')
    })
    q.push(() => order.push('d'))
    expect(order).toEqual(['a'])
    await new Promise((r) => setTimeout(r, 60))
    expect(order).toEqual(['a', 'b', 'c', 'd'])
    expect(errors).toHaveLength(1)
    expect(q.idle).toBe(true)
  })
})
