import { describe, expect, it } from 'vitest'
import { checkKv, type KvEvent } from './support/kv-history'

const write = (key: string, seq: number, outcome: 'ack' | 'lost' | string): KvEvent[] => [
  { type: 'invoke', key, seq },
  ...(outcome === 'ack'
    ? [{ type: 'ack' as const, key, seq }]
    : outcome === 'lost'
      ? []
      : [{ type: 'fail' as const, key, seq, code: outcome }]),
]

/** The crash suite's checker must be able to fail: it is checked on hand-made histories. */
describe('key-value history checker', () => {
  it('passes the last acknowledged write, or a later one whose answer was lost', () => {
    const history = [...write('a', 1, 'ack'), ...write('a', 2, 'ack'), ...write('a', 3, 'lost')]
    expect(checkKv(history, new Map([['a', 2]]))).toEqual({ acked: 2, lost: [], phantom: [] })
    expect(checkKv(history, new Map([['a', 3]]))).toEqual({ acked: 2, lost: [], phantom: [] })
  })

  it('reports a missing key and an older value as lost', () => {
    const history = [...write('a', 1, 'ack'), ...write('a', 2, 'ack'), ...write('b', 1, 'ack')]
    const verdict = checkKv(history, new Map([['a', 1]]))
    expect(verdict.lost).toEqual([
      { key: 'a', acked: 2, found: 1 },
      { key: 'b', acked: 1, found: undefined },
    ])
  })

  it('reports a value never sent, and one refused with STORAGE_FULL, as phantom', () => {
    const history = [...write('a', 1, 'ack'), ...write('a', 2, 'STORAGE_FULL')]
    expect(checkKv(history, new Map([['a', 2]])).phantom).toEqual([
      { key: 'a', found: 2, why: 'refused with STORAGE_FULL' },
    ])
    expect(checkKv(history, new Map([['z', 7]])).phantom).toEqual([
      { key: 'z', found: 7, why: 'never sent' },
    ])
  })
})
