import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { type BridgeConfig, BridgeConfigSchema, validateBridgeConfig } from '../src/index'

const configOf = (raw: Record<string, unknown>): BridgeConfig =>
  Value.Default(BridgeConfigSchema, structuredClone(raw)) as BridgeConfig

describe('bridge config', () => {
  it('accepts a plain url with the documented defaults', () => {
    const config = configOf({ url: 'ws://127.0.0.1:49134' })
    expect(Value.Check(BridgeConfigSchema, config)).toBe(true)
    expect(config).toMatchObject({ timeout_ms: 30_000, max_hops: 8, expose: [], forward: [] })
    expect(validateBridgeConfig(config)).toBeUndefined()
  })

  it('names the key of every setting the schema cannot check', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'not a url' }, 'url'],
      [{ url: 'http://127.0.0.1:1' }, 'url'],
      [
        { url: 'ws://h:1', reconnect_initial_delay_ms: 500, reconnect_max_delay_ms: 10 },
        'reconnect_max_delay_ms',
      ],
      [
        { url: 'ws://h:1', expose: [{ local_function: 'a::*', remote_function: 'b' }] },
        'expose.0.remote_function',
      ],
      [
        { url: 'ws://h:1', expose: [{ local_function: 'a', remote_function: 'b', prefix: 'p' }] },
        'expose.0.prefix',
      ],
      [
        { url: 'ws://h:1', expose: [{ local_function: 'engine::functions::list' }] },
        'expose.0.local_function',
      ],
      [{ url: 'ws://h:1', forward: [{ remote_function: 'a::*' }] }, 'forward.0.remote_function'],
      [
        { url: 'ws://h:1', forward: [{ remote_function: 'a', local_function: 'b', prefix: 'p' }] },
        'forward.0.prefix',
      ],
      [{ url: 'ws://h:1', forward: [{ remote_function: 'bridge::invoke' }] }, 'forward.0'],
      [
        { url: 'ws://h:1', forward: [{ remote_function: 'a' }, { remote_function: 'a' }] },
        'forward.1',
      ],
    ]
    for (const [raw, key] of cases)
      expect(validateBridgeConfig(configOf(raw))).toMatchObject({ key })
  })

  it('tells a prefixed forward from a plain one of the same remote id', () => {
    const config = configOf({
      url: 'ws://h:1',
      forward: [{ remote_function: 'a' }, { remote_function: 'a', prefix: 'x' }],
    })
    expect(validateBridgeConfig(config)).toBeUndefined()
  })
})
