import { deferred, uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import type { TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'
import { startHttpEngine } from '../http/harness'

const TOTAL = 2_000
const CONCURRENCY = 50

/** One version of the service: a function and its route. */
function startVersion(
  engine: TestEngine,
  o: { name: string; fn: string; path: string; v: number },
) {
  const w = registerWorker(engine.url, { workerName: o.name, otel: { enabled: false } })
  w.registerFunction(o.fn, async () => ({ status_code: 200, body: { v: o.v } }))
  w.registerTrigger({ type: 'http', function_id: o.fn, config: { api_path: o.path } })
  return w
}

/**
 * `TOTAL` GETs from `CONCURRENCY` loops. Requests past the half wait for `deployed`, so the
 * redeploy happens while the first half is in flight and the second half reaches the new worker.
 */
async function load(url: string, halfway: () => void, deployed: Promise<void>) {
  const statuses = new Map<number, number>()
  const versions = new Map<number, number>()
  let next = 0
  const loop = async () => {
    while (next < TOTAL) {
      const n = next++
      if (n === TOTAL / 4) halfway()
      if (n >= TOTAL / 2) await deployed
      const res = await fetch(url)
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      const body = (await res.json()) as { v?: number }
      if (res.status === 200) versions.set(body.v ?? 0, (versions.get(body.v ?? 0) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, loop))
  return { statuses, versions }
}

const owner = (engine: TestEngine, fn: string) => engine.core.functions.get('default', fn)?.owner

describe('issue 12, row 13: the HTTP guide rolling deploy has no gap', () => {
  for (const sameName of [true, false]) {
    it(`${TOTAL} requests at ${CONCURRENCY} concurrency, ${sameName ? 'same' : 'new'} worker name: 0 non-2xx`, {
      timeout: 240_000,
    }, async () => {
      const http = await startHttpEngine()
      const { engine } = http
      const fn = `${uniqueName('deploy')}::hello`
      const path = `/${uniqueName('deploy')}`
      const name = uniqueName('svc')
      let v2: IIIWorker | undefined
      const v1 = startVersion(engine, { name, fn, path, v: 1 })
      try {
        await http.registered(fn)
        await http.routes(1)
        const half = deferred<void>()
        const deployed = deferred<void>()
        const run = load(`${http.base}${path}`, () => half.resolve(), deployed.promise)
        await half.promise
        // The guide's recipe: start the new version, then stop the old one.
        v2 = startVersion(engine, { name: sameName ? name : uniqueName('svc'), fn, path, v: 2 })
        await waitFor(() => engine.core.standbyFunctions.waiting('default', fn).length === 1, {
          what: 'the new version registered as a standby',
          timeoutMs: 20_000,
        })
        const oldOwner = owner(engine, fn)
        await v1.shutdown()
        await waitFor(() => owner(engine, fn) !== undefined && owner(engine, fn) !== oldOwner, {
          what: 'the new version took the function over',
          timeoutMs: 20_000,
        })
        deployed.resolve()
        const { statuses, versions } = await run
        expect([...statuses.entries()]).toEqual([[200, TOTAL]])
        expect(versions.get(1) ?? 0).toBeGreaterThan(0)
        expect(versions.get(2) ?? 0).toBeGreaterThanOrEqual(TOTAL / 2)
        if (sameName) {
          const holder = engine.core.workers.leaseHolder('default', name)
          expect(holder?.id).toBe(owner(engine, fn)?.id)
        }
      } finally {
        await v1.shutdown()
        await v2?.shutdown()
        await http.close()
      }
    })
  }

  it('replace: true takes a held worker name over at once; a non-boolean replace is refused', {
    timeout: 60_000,
  }, async () => {
    const http = await startHttpEngine()
    const name = uniqueName('svc')
    const old = await RawClient.connect(http.engine.url)
    const fresh = await RawClient.connect(http.engine.url)
    try {
      old.announce(name)
      await waitFor(() => http.engine.core.workers.leaseHolder('default', name) !== undefined, {
        what: 'the name held',
      })
      const register = (id: string, replace: unknown) =>
        fresh.send({
          type: 'invokefunction',
          invocation_id: id,
          function_id: 'engine::workers::register',
          data: { name, replace },
        })
      register('bad', 'yes')
      const bad = await fresh.next((f) => f.invocation_id === 'bad', 10_000)
      expect(bad.error.code).toBe('INVALID_ARGUMENTS')
      expect(old.closed).toBeUndefined()
      register('ok', true)
      const ok = await fresh.next((f) => f.invocation_id === 'ok', 10_000)
      expect(ok.result).toEqual({ success: true })
      await waitFor(() => old.closed !== undefined, { what: 'the old connection closed' })
      expect(old.closed?.code).toBe(1000)
      const holder = http.engine.core.workers.leaseHolder('default', name)
      expect(holder?.id).toBe(fresh.frames.find((f) => f.type === 'workerregistered')?.worker_id)
    } finally {
      await old.close()
      await fresh.close()
      await http.close()
    }
  })
})
