import { freePort } from '@iii/testing'
import { startEngineProcess } from '../../core/engine'
import type { Bench, BenchContext } from '../../core/types'
import { requireWorker } from '../../core/workers'
import { checkRoute, load, waitForRoute } from './load'

const connectionLevels = [1, 8, 64]
const baselineName = 'bare Hono on uWS'
const p99Name = 'bare Hono on uWS; p99 in whole ms, 1 ms floor'
const id = '42'

/** The baseline server; resolves with the checked route URL. */
async function startBaseline(ctx: BenchContext): Promise<string> {
  const server = ctx.scope.spawn({ label: 'hono-uws', entry: 'benches/http/hono-uws.ts' })
  const { port } = await server.next('ready')
  const url = `http://127.0.0.1:${port}/bench/item/${id}`
  await waitForRoute(url, id)
  return url
}

/** Engine with iii-http and a worker owning the route (plus `extraRoutes` others); the checked URL. */
async function startEngineSide(ctx: BenchContext, extraRoutes: number): Promise<string> {
  const httpPort = await freePort()
  const engine = await startEngineProcess(ctx.scope, {
    nodeArgs: ctx.engineNodeArgs,
    workers: [{ name: 'iii-http', config: { port: httpPort, host: '127.0.0.1' } }],
  })
  const plan = JSON.stringify({ url: engine.url, extraRoutes })
  await ctx.scope
    .spawn({ label: 'http-worker', entry: 'benches/http/route-worker.ts', args: [plan] })
    .next('ready')
  const base = `http://127.0.0.1:${httpPort}/bench`
  await waitForRoute(`${base}/item/${id}`, id)
  // Every extra route answers too (the table really holds them all).
  for (let i = 0; i < extraRoutes; i++) {
    const problem = await checkRoute(`${base}/r${i}/${i}`, String(i))
    if (problem) throw new Error(`route bench/r${i}/:id: ${problem}`)
  }
  return `${base}/item/${id}`
}

async function run(ctx: BenchContext): Promise<void> {
  await requireWorker('iii-http')
  ctx.log(
    `baseline: ${baselineName}; engines with 1 and with 1,000 routes; autocannon in the runner process`,
  )
  const targets = {
    baseline: await startBaseline(ctx),
    '1-route': await startEngineSide(ctx, 0),
    '1000-routes': await startEngineSide(ctx, 999),
  }
  for (const url of Object.values(targets)) await load(url, 8, 1, id)
  // All three stay up and take turns per connection level, so outside load hits them alike.
  for (const c of connectionLevels) {
    const durationS = ctx.pick(2, 8)
    const base = await load(targets.baseline, c, durationS, id)
    for (const label of ['1-route', '1000-routes'] as const) {
      const m = await load(targets[label], c, durationS, id)
      ctx.report({
        name: `http/${label}/c${c}/rps`,
        value: m.reqPerSec,
        unit: 'req/s',
        baseline: base.reqPerSec,
        baselineName,
        better: 'higher',
      })
      ctx.report({
        name: `http/${label}/c${c}/p99`,
        value: m.p99Ms,
        unit: 'ms',
        baseline: base.p99Ms,
        baselineName: p99Name,
        better: 'lower',
      })
    }
  }
}

export const httpBench: Bench = {
  name: 'http',
  description:
    'autocannon at 1, 8, 64 connections on a route backed by a worker function; 1 and 1,000 routes',
  run,
}
