import { ChannelRegistry, silentLogger } from '@iii/core'
import type { IIIError } from '@iii/protocol'
import { describe, expect, it } from 'vitest'
import { buildResultResponse } from '../src/response/build-response'
import { toHeaderPairs } from '../src/response/headers'
import { ResponseSink } from '../src/response/response-sink'

const thrown = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    return err as IIIError
  }
  throw new Error('did not throw')
}

describe('buildResultResponse', () => {
  it('sends JSON by default, with a length', async () => {
    const res = buildResultResponse({ status_code: 201, body: { a: 1 } })
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('content-length')).toBe('7')
    expect(await res.text()).toBe('{"a":1}')
    await expect(buildResultResponse({}).text()).resolves.toBe('{}')
  })

  it('sends a string body raw only with a non-JSON content type', async () => {
    await expect(
      buildResultResponse({ headers: { 'Content-Type': 'text/xml' }, body: '<a/>' }).text(),
    ).resolves.toBe('<a/>')
    await expect(
      buildResultResponse({
        headers: ['Content-Type: application/problem+json'],
        body: 'x',
      }).text(),
    ).resolves.toBe('"x"')
    await expect(buildResultResponse({ body: 'quoted' }).text()).resolves.toBe('"quoted"')
    await expect(
      buildResultResponse({ headers: { 'content-type': 'text/plain' }, body: null }).text(),
    ).resolves.toBe('')
  })

  it('sends no body for 204 and 304', async () => {
    const res = buildResultResponse({ status_code: 204, body: { ignored: true } })
    expect(res.status).toBe(204)
    expect(res.body).toBeNull()
  })

  it.each([
    ['text'],
    [[1]],
    [null],
    [{ status_code: 99 }],
    [{ status_code: 600 }],
    [{ status_code: '200' }],
    [{ status_code: 200.5 }],
  ])('refuses %j with INTERNAL_ERROR', (value) => {
    expect(thrown(() => buildResultResponse(value)).code).toBe('INTERNAL_ERROR')
  })
})

describe('toHeaderPairs', () => {
  it('reads maps and "Name: value" lists, dropping invalid and framing headers', () => {
    expect(
      toHeaderPairs({
        'X-A': 'a',
        'X-N': 3,
        'Set-Cookie': ['a=1', 'b=2'],
        'Bad Name': 'x',
        'X-Evil': 'a\r\nb',
        'Content-Length': '9',
        'X-O': {},
      }),
    ).toEqual([
      ['X-A', 'a'],
      ['X-N', '3'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ])
    expect(
      toHeaderPairs(['X-A: one: two', 'no colon', ': empty', 5, 'Transfer-Encoding: chunked']),
    ).toEqual([['X-A', 'one: two']])
    expect(toHeaderPairs('nope')).toEqual([])
  })
})

describe('ResponseSink', () => {
  it('applies control frames before the first body chunk, then streams the body', async () => {
    const registry = new ChannelRegistry(silentLogger)
    const channel = registry.create({ bufferSize: 4 })
    const sink = new ResponseSink(channel, silentLogger)
    channel.claim('read', sink)
    const text = (value: unknown) => channel.write(JSON.stringify(value), false)
    const bytes = (value: string) => channel.write(new TextEncoder().encode(value).buffer, true)
    text({ type: 'set_status', status_code: 150 })
    text({ type: 'set_status', status_code: 207 })
    text({ type: 'set_headers', headers: { 'X-A': 'first' } })
    text({ type: 'set_headers', headers: { 'x-a': 'second', 'X-B': 'b' } })
    channel.write('not json', false)
    expect(sink.hasChunk).toBe(false)
    bytes('hello ')
    text({ type: 'set_status', status_code: 500 })
    bytes('world')
    channel.writerClosed()
    const res = sink.toResponse()
    expect(res.status).toBe(207)
    expect(res.headers.get('x-a')).toBe('second')
    expect(res.headers.get('x-b')).toBe('b')
    expect(await res.text()).toBe('hello world')
    registry.closeAll()
  })

  it('errors the body when the channel closes abnormally', async () => {
    const registry = new ChannelRegistry(silentLogger)
    const channel = registry.create()
    const sink = new ResponseSink(channel, silentLogger)
    channel.claim('read', sink)
    channel.write(new Uint8Array([1, 2]).buffer, true)
    channel.close(1001, 'owner disconnected')
    await expect(sink.toResponse().arrayBuffer()).rejects.toThrow(/owner disconnected/)
    registry.closeAll()
  })
})
