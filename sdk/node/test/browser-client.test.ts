import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { frameMatches, parseServerFrame } from '../src/browser/frames'
import { reconnectDelayMs, streamClientDefaults } from '../src/browser/index'

const browserDir = join(dirname(fileURLToPath(import.meta.url)), '../src/browser')

describe('iii-sdk/browser', () => {
  it('imports nothing but its own files and uses no Node globals', () => {
    for (const file of readdirSync(browserDir)) {
      const source = readFileSync(join(browserDir, file), 'utf8')
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)].map(
        (m) => m[1] ?? m[2],
      )
      for (const spec of specifiers)
        expect([file, spec]).toEqual([file, expect.stringMatching(/^\.\//)])
      expect([file, /\b(process|Buffer|require|__dirname|global)\b[.(]/.test(source)]).toEqual([
        file,
        false,
      ])
    }
  })

  it('backs off exponentially with jitter up to the cap', () => {
    const top = () => 1
    const bottom = () => 0
    expect(reconnectDelayMs(0, {}, top)).toBe(streamClientDefaults.initialDelayMs)
    expect(reconnectDelayMs(3, {}, top)).toBe(streamClientDefaults.initialDelayMs * 8)
    expect(reconnectDelayMs(50, {}, top)).toBe(streamClientDefaults.maxDelayMs)
    expect(
      reconnectDelayMs(2, { initialDelayMs: 100, factor: 3, maxDelayMs: 10_000 }, bottom),
    ).toBe(450)
  })

  it('parses server frames and drops anything else', () => {
    const push = {
      type: 'stream',
      timestamp: 1,
      streamName: 's',
      groupId: 'g',
      id: 'i',
      subscriptionId: 'x',
      event: { type: 'create', data: 1 },
    }
    expect(parseServerFrame(JSON.stringify(push))).toMatchObject({
      subscriptionId: 'x',
      id: 'i',
      event: { type: 'create', data: 1 },
    })
    const event = { ...push, event: { type: 'event', event: { type: 'ping', data: 2 } } }
    expect(parseServerFrame(JSON.stringify(event))).toMatchObject({
      event: { type: 'event', event: { type: 'ping', data: 2 } },
    })
    expect(
      parseServerFrame(
        JSON.stringify({ type: 'error', error: { code: 'JSON_ERROR', message: 'm' } }),
      ),
    ).toEqual({
      type: 'error',
      subscriptionId: undefined,
      error: { code: 'JSON_ERROR', message: 'm' },
    })
    for (const bad of [
      'nope',
      '[]',
      '{"type":"stream"}',
      JSON.stringify({ ...push, id: 5 }),
      JSON.stringify({ ...push, subscriptionId: 1 }),
    ]) {
      expect(parseServerFrame(bad)).toBeUndefined()
    }
    expect(parseServerFrame(new Uint8Array([1]))).toBeUndefined()
  })

  it('routes frames without subscription ids by address', () => {
    const frame = (type: string, id?: string) => ({
      type: 'stream' as const,
      streamName: 's',
      groupId: 'g',
      id,
      event: { type },
    })
    expect(frameMatches(frame('create', 'a'), { streamName: 's', groupId: 'g' })).toBe(true)
    expect(frameMatches(frame('create', 'a'), { streamName: 's', groupId: 'g', id: 'a' })).toBe(
      true,
    )
    expect(frameMatches(frame('create', 'b'), { streamName: 's', groupId: 'g', id: 'a' })).toBe(
      false,
    )
    expect(frameMatches(frame('sync'), { streamName: 's', groupId: 'g', id: 'a' })).toBe(false)
    expect(frameMatches(frame('sync', 'a'), { streamName: 's', groupId: 'g' })).toBe(false)
    expect(frameMatches(frame('create', 'a'), { streamName: 's', groupId: 'other' })).toBe(false)
  })
})
