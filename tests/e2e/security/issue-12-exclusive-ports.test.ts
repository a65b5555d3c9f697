import { freePort, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

const config = (ports: { worker: number; http: number }) => `
workers:
  - name: iii-worker-manager
    config: { port: ${ports.worker} }
  - name: iii-http
    config: { port: ${ports.http} }
`

/** Issue 12, row 7: a second engine on the same ports fails to start instead of sharing them. */
describe('issue 12: exclusive ports', () => {
  const engines: TestEngine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop()
  })

  it('row 7: a second engine on a port in use fails with EADDRINUSE naming the listener, host and port', async () => {
    const ports = { worker: await freePort(), http: await freePort() }
    const first = await startTestEngine({ configText: config(ports), randomPorts: false })
    engines.push(first)

    const sameWorkerPort = { worker: ports.worker, http: await freePort() }
    const a = await startTestEngine({
      configText: config(sameWorkerPort),
      randomPorts: false,
    }).catch((e: unknown) => e)
    if (!(a instanceof Error)) engines.push(a as TestEngine)
    expect(a).toBeInstanceOf(Error)
    expect(a).toMatchObject({ code: 'EADDRINUSE' })
    expect((a as Error).message).toContain(
      `iii-worker-manager cannot listen on 127.0.0.1:${ports.worker}: EADDRINUSE`,
    )

    const sameHttpPort = { worker: await freePort(), http: ports.http }
    const b = await startTestEngine({ configText: config(sameHttpPort), randomPorts: false }).catch(
      (e: unknown) => e,
    )
    if (!(b instanceof Error)) engines.push(b as TestEngine)
    expect(b).toBeInstanceOf(Error)
    expect(b).toMatchObject({ code: 'EADDRINUSE' })
    expect((b as Error).message).toContain(
      `iii-http cannot listen on 127.0.0.1:${ports.http}: EADDRINUSE`,
    )

    // The first engine still owns both ports: its routes answer and workers reach it.
    const w = registerWorker(first.url, { workerName: 'ports-check' })
    w.registerFunction('ports::ok', async () => ({ body: { engine: 'first' } }))
    w.registerTrigger({ type: 'http', function_id: 'ports::ok', config: { api_path: '/which' } })
    const which = `http://127.0.0.1:${ports.http}/which`
    try {
      await waitFor(async () => (await fetch(which)).status === 200, {
        what: 'the route on the first engine',
      })
      for (let i = 0; i < 20; i++)
        await expect((await fetch(which)).json()).resolves.toEqual({ engine: 'first' })
    } finally {
      await w.shutdown()
    }
  })
})
