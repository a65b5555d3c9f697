import { deferred, waitFor } from '@iii/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type HttpEngine, httpConfig, startHttpEngine } from './harness'

const preflight = (base: string, path: string, origin: string, headers = 'x-trace, content-type') =>
  fetch(`${base}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': headers,
    },
  })

describe('iii-http CORS and concurrency_request_limit', () => {
  let h: HttpEngine
  afterEach(async () => h?.close())

  const hello = async () => {
    const w = h.worker()
    w.registerFunction('cors::hello', async () => ({ body: { hello: true } }))
    w.registerTrigger({ type: 'http', function_id: 'cors::hello', config: { api_path: '/hello' } })
    await h.routes(1)
  }

  it('allows every origin without a cors block; a preflight is answered before routing', async () => {
    h = await startHttpEngine()
    await hello()
    const pre = await preflight(h.base, '/not-a-route', 'https://anywhere.example')
    expect(pre.status).toBe(200)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS',
    )
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-trace, content-type')
    const res = await fetch(`${h.base}/hello`, { headers: { origin: 'https://anywhere.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toEqual({ hello: true })
  })

  it('honours cors.allowed_origins and cors.allowed_methods', async () => {
    h = await startHttpEngine({
      configText: httpConfig(
        `{cors: {allowed_origins: ["https://app.example"], allowed_methods: ["get", "POST"]}}`,
      ),
    })
    await hello()
    const allowed = await preflight(h.base, '/hello', 'https://app.example')
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST')
    expect(allowed.headers.get('vary')).toContain('Origin')

    const refused = await preflight(h.base, '/hello', 'https://evil.example')
    expect(refused.status).toBe(200)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    expect(refused.headers.get('access-control-allow-methods')).toBeNull()

    const fromApp = await fetch(`${h.base}/hello`, { headers: { origin: 'https://app.example' } })
    expect(fromApp.headers.get('access-control-allow-origin')).toBe('https://app.example')
    const fromEvil = await fetch(`${h.base}/hello`, { headers: { origin: 'https://evil.example' } })
    expect(fromEvil.status).toBe(200)
    expect(fromEvil.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('concurrency_request_limit (0 is raised to 1): extra requests wait for a slot', async () => {
    h = await startHttpEngine({ configText: httpConfig('{concurrency_request_limit: 0}') })
    const releases = [deferred(), deferred()]
    let started = 0
    const w = h.worker()
    w.registerFunction('limit::slow', async () => {
      const mine = releases[started++]
      await mine?.promise
      return { body: { n: started } }
    })
    w.registerTrigger({ type: 'http', function_id: 'limit::slow', config: { api_path: '/slow' } })
    await h.routes(1)
    const first = fetch(`${h.base}/slow`)
    const second = fetch(`${h.base}/slow`)
    await waitFor(() => started === 1, { what: 'first request in its handler' })
    // The second request is accepted but waits: its handler must not run while the first holds the slot.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(started).toBe(1)
    releases[0]?.resolve()
    expect((await first).status).toBe(200)
    await waitFor(() => started === 2, { what: 'second request admitted' })
    releases[1]?.resolve()
    expect((await second).status).toBe(200)
  })
})
