import { describe, expect, it } from 'vitest'
import { type ChaosEvent, checkHistory } from './support/chaos-check'

const run = (k: string, pid: number, engine: string, start: number, end?: number): ChaosEvent[] => [
  { type: 'run-start', k, pid, engine, at: start },
  ...(end === undefined ? [] : [{ type: 'run-end' as const, k, pid, engine, at: end }]),
]
const ack = (k: string, at = 0): ChaosEvent => ({ type: 'ack', k, message_id: `m-${k}`, at })

/** The chaos checker must be able to fail: it is checked on hand-made histories. */
describe('chaos history checker', () => {
  it('passes a clean history', () => {
    const v = checkHistory([
      ack('1'),
      ...run('1', 10, 'E1', 5, 9),
      ack('2'),
      ...run('2', 10, 'E1', 10, 12),
    ])
    expect(v).toMatchObject({ acked: 2, runs: 2, duplicates: 0, lost: [], unexplained: [] })
  })

  it('reports an acknowledged job that never finished as lost', () => {
    expect(checkHistory([ack('1'), ...run('1', 10, 'E1', 5)]).lost).toEqual(['1'])
    expect(checkHistory([ack('2')]).lost).toEqual(['2'])
  })

  it('explains duplicates by a worker crash, an engine crash or a lease expiry, and flags the rest', () => {
    const history: ChaosEvent[] = [
      ack('w'),
      ...run('w', 10, 'E1', 100),
      { type: 'kill', target: 'worker', pid: 10, engine: 'E1', at: 150 },
      ...run('w', 11, 'E1', 3000, 3010),
      ack('e'),
      ...run('e', 20, 'E2', 100, 120),
      { type: 'kill', target: 'engine', pid: 99, engine: 'E2', at: 130 },
      ...run('e', 10, 'E1', 2500, 2510),
      ack('l'),
      ...run('l', 30, 'E3', 100, 110),
      { type: 'lease-expired', message_id: 'm-l', engine: 'E3', at: 2000 },
      ...run('l', 30, 'E3', 2100, 2110),
      ack('x'),
      ...run('x', 40, 'E4', 100, 110),
      { type: 'kill', target: 'worker', pid: 40, engine: 'E4', at: 10 }, // before the run: no excuse
      ...run('x', 41, 'E4', 500, 510),
    ]
    const v = checkHistory(history)
    expect(v).toMatchObject({ duplicates: 4, explainedByCrash: 2, explainedByLease: 1, lost: [] })
    expect(v.unexplained.map((u) => u.k)).toEqual(['x'])
  })
})
