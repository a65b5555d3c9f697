import type { Child } from '../../core/child'
import type { BenchContext } from '../../core/types'
import { load, waitForRoute } from '../http/load'
import { type EngineKind, startEngine } from './engines'
import { referenceName } from './invoke'

const id = '42'

/** One engine with a published-SDK worker owning `GET bench/item/:id`; the checked URL. */
async function startSide(
  ctx: BenchContext,
  kind: EngineKind,
): Promise<{ url: string; children: Child[] }> {
  const engine = await startEngine(ctx.scope, { kind, nodeArgs: ctx.engineNodeArgs })
  const plan = JSON.stringify({ url: engine.url, extraRoutes: 0, sdk: 'published' })
  const worker = ctx.scope.spawn({
    label: `${kind} http-worker`,
    entry: 'benches/http/route-worker.ts',
    args: [plan],
  })
  await worker.next('ready')
  const url = `http://127.0.0.1:${engine.config.httpPort}/bench/item/${id}`
  // The reference holds a new connection's registrations for its namespace grace (5 s).
  await waitForRoute(url, id, 60_000)
  return { url, children: [engine.child, worker] }
}

/** HTTP → worker req/s and p99 at 1 and 64 connections, the two engines taking turns. */
export async function compareHttp(ctx: BenchContext): Promise<void> {
  ctx.log('http: each engine + a published iii-sdk worker owning the route; autocannon here')
  const ours = await startSide(ctx, 'ours')
  const reference = await startSide(ctx, 'reference')
  for (const side of [ours, reference]) await load(side.url, 8, 1, id)
  const durationS = ctx.pick(2, 6)
  for (const [i, c] of [1, 64].entries()) {
    // The order flips every level, so drift in outside load falls on both alike.
    const first = i % 2 === 0 ? ours : reference
    const second = first === ours ? reference : ours
    const a = await load(first.url, c, durationS, id)
    const b = await load(second.url, c, durationS, id)
    const [m, r] = first === ours ? [a, b] : [b, a]
    const base = { baselineName: referenceName }
    ctx.report({
      name: `reference/http/c${c}/rps`,
      value: m.reqPerSec,
      baseline: r.reqPerSec,
      ...base,
      unit: 'req/s',
      better: 'higher',
    })
    ctx.report({
      name: `reference/http/c${c}/p99`,
      value: m.p99Ms,
      baseline: r.p99Ms,
      baselineName: `${referenceName}; p99 in whole ms, 1 ms floor`,
      unit: 'ms',
      better: 'lower',
    })
  }
  for (const child of [...ours.children, ...reference.children].reverse())
    await ctx.scope.stop(child)
}
