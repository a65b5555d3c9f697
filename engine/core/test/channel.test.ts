import { describe, expect, it } from 'vitest'
import { type ChannelEnd, ChannelRegistry, channelDefaults, silentLogger } from '../src/index'

/** A channel end that records what reaches it; `blocked` simulates socket backpressure. */
function end() {
  const got: (string | number)[] = []
  const state = { blocked: false, closed: undefined as number | undefined }
  const e: ChannelEnd = {
    send(data, isBinary) {
      got.push(isBinary ? (data as Uint8Array).byteLength : (data as string))
      return !state.blocked
    },
    close(code) {
      state.closed = code
    },
  }
  return { e, got, state }
}

describe('channel relay', () => {
  it('delivers in order, buffers until the reader connects, then closes after the writer', () => {
    const reg = new ChannelRegistry(silentLogger)
    const ch = reg.create({ bufferSize: 8 })
    const w = end()
    const r = end()
    expect(ch.claim('write', w.e)).toBe(true)
    ch.write('a', false)
    ch.write(new Uint8Array([1, 2, 3]).buffer, true)
    expect(ch.claim('read', r.e)).toBe(true)
    ch.write('b', false)
    ch.writerClosed()
    expect(r.got).toEqual(['a', 3, 'b'])
    expect(r.state.closed).toBe(1000)
    expect(reg.size).toBe(0)
  })

  it('refuses a second claimant of the same end and a wrong key', () => {
    const reg = new ChannelRegistry(silentLogger)
    const ch = reg.create()
    expect(ch.claim('read', end().e)).toBe(true)
    expect(ch.claim('read', end().e)).toBe(false)
    expect(reg.authorize(ch.id, 'wrong')).toBeUndefined()
    expect(reg.authorize(ch.id, ch.accessKey)).toBe(ch)
  })

  it('queues while the reader is backpressured and flushes on drain', () => {
    const reg = new ChannelRegistry(silentLogger)
    const ch = reg.create()
    const r = end()
    ch.claim('read', r.e)
    r.state.blocked = true
    ch.write('1', false)
    ch.write('2', false)
    ch.write('3', false)
    expect(r.got).toEqual(['1'])
    r.state.blocked = false
    ch.readerDrained()
    expect(r.got).toEqual(['1', '2', '3'])
  })

  it('sweeps channels whose ends never connected', () => {
    const reg = new ChannelRegistry(silentLogger)
    const ch = reg.create()
    expect(reg.sweep(ch.createdAt + 1000)).toBe(0)
    expect(reg.sweep(ch.createdAt + channelDefaults.unclaimedTtlMs)).toBe(1)
    expect(reg.size).toBe(0)
    reg.closeAll()
  })

  it('clamps buffer_size to 1..1024', () => {
    const reg = new ChannelRegistry(silentLogger)
    expect(reg.create({ bufferSize: 0 }).bufferSize).toBe(1)
    expect(reg.create({ bufferSize: 99999 }).bufferSize).toBe(1024)
    reg.closeAll()
  })
})
