import { isDeepStrictEqual } from 'node:util'
import { decodeFrame } from '@iii/protocol'
import { formatBytes, nowMs } from '../../core/stats'
import type { Bench, BenchContext } from '../../core/types'
import { sampleFrames } from './frames'

type RoundTrip = (frame: Record<string, unknown>) => unknown

/** Encode + decode through the engine's edge: `JSON.stringify`, then `decodeFrame` (parse + compiled check). */
const throughEdge: RoundTrip = (frame) => {
  const decoded = decodeFrame(JSON.stringify(frame))
  if (decoded.ok !== true)
    throw new Error(`decodeFrame refused a valid frame: ${JSON.stringify(decoded)}`)
  return decoded.frame
}

/** The baseline: the same bytes with bare `JSON.stringify` / `JSON.parse`. */
const bareJson: RoundTrip = (frame) => JSON.parse(JSON.stringify(frame))

/** Round trips done in `durationMs` and the time taken, checked in batches so the clock is read rarely. */
function measure(
  roundTrip: RoundTrip,
  frame: Record<string, unknown>,
  durationMs: number,
): { count: number; ms: number } {
  let count = 0
  let sink = 0
  const start = nowMs()
  let elapsed = 0
  while (elapsed < durationMs) {
    for (let i = 0; i < 64; i++) sink += (roundTrip(frame) as { type: string }).type.length
    count += 64
    elapsed = nowMs() - start
  }
  if (sink !== count * String(frame.type).length) throw new Error('round trip lost the frame type')
  return { count, ms: elapsed }
}

/** Both round trips in ten alternating slices, so drift on a shared machine hits both alike. */
function measurePair(
  frame: Record<string, unknown>,
  durationMs: number,
): { edge: number; bare: number } {
  const total = { edge: { count: 0, ms: 0 }, bare: { count: 0, ms: 0 } }
  for (let slice = 0; slice < 10; slice++) {
    const order = slice % 2 === 0 ? (['edge', 'bare'] as const) : (['bare', 'edge'] as const)
    for (const side of order) {
      const r = measure(side === 'edge' ? throughEdge : bareJson, frame, durationMs / 10)
      total[side].count += r.count
      total[side].ms += r.ms
    }
  }
  return {
    edge: (total.edge.count / total.edge.ms) * 1000,
    bare: (total.bare.count / total.bare.ms) * 1000,
  }
}

async function run(ctx: BenchContext): Promise<void> {
  const durationMs = ctx.pick(400, 2500)
  for (const bytes of [100, 10 * 1024]) {
    const frames = sampleFrames(bytes)
    for (const [type, frame] of Object.entries(frames)) {
      // Check the answer first: the edge must hand back exactly the frame that was sent.
      if (!isDeepStrictEqual(throughEdge(frame), frame))
        throw new Error(`${type}: decodeFrame changed the frame`)
      if (!isDeepStrictEqual(bareJson(frame), frame))
        throw new Error(`${type}: JSON round trip changed the frame`)
      measure(throughEdge, frame, durationMs / 4)
      measure(bareJson, frame, durationMs / 4)
      const { edge, bare } = measurePair(frame, durationMs)
      ctx.report({
        name: `serde/${type}/${formatBytes(bytes)}`,
        value: edge,
        unit: 'frames/s',
        baseline: bare,
        baselineName: 'JSON.stringify + JSON.parse',
        better: 'higher',
      })
    }
  }
}

export const serdeBench: Bench = {
  name: 'serde',
  description:
    'encode + decode (with edge validation) of invokefunction and invocationresult frames',
  run,
}
