import { waitFor } from '@iii/testing'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { connect, execOnly, nodeProcess } from './support'

// A process that writes all its output in one write is read in one chunk, so that chunk alone
// crosses the cap: what fits under the cap is kept, then one notice, then nothing more.
describe('iii-exec output cap (issue 14)', () => {
  it('keeps the lines under the cap when one read crosses it, then records one notice', async () => {
    const lines = [
      'y'.repeat(100),
      ...Array.from({ length: 100 }, (_, i) => `line-${i}-${'x'.repeat(40)}`),
    ]
    const script = `process.stdout.write(${JSON.stringify(`${lines.join('\n')}\n`)}); setInterval(() => {}, 1000)`
    await using engine = await startTestEngine({
      configText: execOnly({
        max_line_bytes: 64,
        max_output_bytes: 1024,
        processes: [nodeProcess('blob', script)],
      }),
    })
    const client = connect(engine)
    const logs = await waitFor(
      async () => {
        const r = await client.call<{ lines: { stream: string; line: string }[] }>('exec::logs', {
          name: 'blob',
          limit: 1000,
        })
        return r.lines.some((l) => l.stream === 'exec') ? r.lines : undefined
      },
      { timeoutMs: 15_000, what: 'the cap notice' },
    )
    expect(logs[0]?.line).toMatch(/^y{64}… \[line truncated\]$/)
    expect(logs[1]?.line).toBe(`line-0-${'x'.repeat(40)}`)
    const notices = logs.filter((l) => l.stream === 'exec')
    expect(notices).toHaveLength(1)
    expect(logs.at(-1)?.line).toMatch(/output capped at 1024 bytes/)
    const kept = logs.slice(0, -1).reduce((n, l) => n + Buffer.byteLength(l.line) + 1, 0)
    expect(kept).toBeLessThanOrEqual(1024 + 64)
    expect(logs.length).toBeGreaterThan(15)
    expect(logs.length).toBeLessThan(30)
    await client.worker.shutdown()
  })
})
