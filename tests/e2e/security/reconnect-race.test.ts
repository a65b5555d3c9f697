import { sleep, uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { TcpProxy } from '../../src/tcp-proxy'

const cuts = Number(process.env.III_RACE_CUTS ?? 128)
const functionIds = Array.from({ length: 6 }, (_, i) => `race::fn${i}`)
const routes = ['alpha', 'beta']

/** mulberry32, seeded, so a failing sequence of cut moments can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('reconnect race', () => {
  it(`re-registers every function and HTTP route after ${cuts} cuts at random moments, losing none`, {
    timeout: 180_000,
  }, async () => {
    await using engine = await startTestEngine()
    const proxy = await TcpProxy.start(engine.port)
    const worker = registerWorker(`ws://127.0.0.1:${proxy.port}`, {
      workerName: uniqueName('racer'),
      reconnectionConfig: { initialDelayMs: 5, maxDelayMs: 50, jitterFactor: 0.5 },
    })
    for (const id of functionIds)
      worker.registerFunction(id, async (d: { n: number }) => `${id}:${d.n}`)
    for (const route of routes) {
      worker.registerFunction(
        `race::route-${route}`,
        async (req: { path_params: { n: string } }) => ({
          body: { route, n: req.path_params.n },
        }),
      )
      worker.registerTrigger({
        type: 'http',
        function_id: `race::route-${route}`,
        config: { api_path: `/race/${route}/:n`, http_method: 'GET' },
      })
    }
    const httpPort = engine.address('iii-http')?.port
    const caller = registerWorker(engine.url, { workerName: uniqueName('caller') })
    const rand = prng(Number(process.env.III_RACE_SEED ?? 128))
    /** Every function and route binding is owned by a live session that was not cut. */
    const allLive = (cutSessions: Set<string>) => () =>
      [...functionIds, ...routes.map((r) => `race::route-${r}`)].every((id) => {
        const entry = engine.core.functions.get('default', id)
        return entry && engine.core.sessions.has(entry.owner.id) && !cutSessions.has(entry.owner.id)
      }) &&
      routes.every((r) =>
        [...engine.core.bindings.all()].some(
          (b) =>
            b.function_id === `race::route-${r}` &&
            b.provider &&
            b.owner &&
            !cutSessions.has(b.owner.id),
        ),
      )
    let lost = 0
    try {
      await waitFor(allLive(new Set()), { what: 'first registration' })
      for (let cut = 0; cut < cuts; cut++) {
        // Cut at a random moment: often mid-registration, right after the reconnect.
        await waitFor(() => proxy.connections > 0, { what: 'reconnect', timeoutMs: 10_000 })
        // Half the cuts land within the first millisecond of the new connection, mid-replay.
        await sleep(rand() < 0.5 ? 0 : Math.floor(rand() * 15))
        const before = new Set(
          [...engine.core.sessions.keys()].filter((id) =>
            engine.core.sessions.get(id)?.name.startsWith('racer'),
          ),
        )
        proxy.cutAll()
        try {
          await waitFor(allLive(before), {
            what: `registrations after cut ${cut}`,
            timeoutMs: 10_000,
          })
          const n = cut
          const results = await Promise.all(
            functionIds.map((id) =>
              caller.trigger({ function_id: id, payload: { n }, timeoutMs: 5000 }),
            ),
          )
          const pages = await Promise.all(
            routes.map((r) =>
              fetch(`http://127.0.0.1:${httpPort}/race/${r}/${n}`).then(
                (res) => res.json() as Promise<{ route: string; n: string }>,
              ),
            ),
          )
          const routesOk = pages.every((p, i) => p.route === routes[i] && p.n === String(n))
          if (!routesOk || results.some((r, i) => r !== `${functionIds[i]}:${n}`)) {
            lost++
            console.log(`cut ${cut} wrong answers: ${JSON.stringify({ results, pages })}`)
          }
        } catch (err) {
          lost++
          const owners = functionIds.map((id) => {
            const e = engine.core.functions.get('default', id)
            return `${id}:${e ? `${e.owner.id.slice(0, 8)}${engine.core.sessions.has(e.owner.id) ? '' : '(dead)'}` : 'missing'}`
          })
          console.log(
            `cut ${cut} lost: ${(err as Error).message}; ${owners.join(' ')}; sessions ${[...engine.core.sessions.values()].map((s) => `${s.id.slice(0, 8)}:${s.name}`).join(',')}`,
          )
          console.log(
            engine.records
              .slice(-5)
              .map((r) => `${r.msg} ${JSON.stringify(r.fields)}`)
              .join('\n'),
          )
        }
      }
    } finally {
      await worker.shutdown()
      await caller.shutdown()
      await proxy.close()
    }
    expect(lost).toBe(0)
    await waitFor(() => engine.core.sessions.size === 0, { what: 'every session cleaned up' })
    expect(engine.core.table.size).toBe(0)
  })
})
