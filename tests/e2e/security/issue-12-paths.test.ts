import { afterEach, describe, expect, it } from 'vitest'
import { rawHttp } from '../../src/raw-http'
import { type HttpEngine, startHttpEngine } from '../http/harness'

/** Issue 12, row 11: a path a proxy could read differently never reaches a route. */
describe('issue 12: ambiguous request paths', () => {
  let h: HttpEngine
  afterEach(async () => h?.close())

  it('row 11: encoded dot segments, .., backslashes and encoded / get 400; routes match the decoded path', async () => {
    h = await startHttpEngine()
    const w = h.worker()
    w.registerFunction('paths::admin', async () => ({ body: { route: 'admin' } }))
    w.registerFunction('paths::files', async (req: { path_params?: { name?: string } }) => ({
      body: { route: 'files', name: req.path_params?.name },
    }))
    w.registerTrigger({ type: 'http', function_id: 'paths::admin', config: { api_path: '/admin' } })
    w.registerTrigger({
      type: 'http',
      function_id: 'paths::files',
      config: { api_path: '/files/:name' },
    })
    await h.routes(2)
    const get = async (target: string) => {
      const got = await rawHttp(h.base, `GET ${target} HTTP/1.1\r\nHost: t\r\n\r\n`, {
        responses: 1,
      })
      const response = got.responses[0]
      return { status: response?.status, body: JSON.parse(response?.body || '{}') }
    }
    for (const target of [
      '/files/%2e%2e/admin',
      '/files/x/../../admin',
      '/files/./x',
      '/\\admin',
      '/files/%5Cadmin',
      '/files/a%2Fb',
      '/files/a%2fb',
    ]) {
      const got = await get(target)
      expect(got.status, target).toBe(400)
      expect(got.body.error?.code, target).toBe('BAD_REQUEST')
    }
    // Percent-encoded letters are the same path (RFC 3986 §6.2.2): matched decoded, as a proxy does.
    await expect(get('/%61dmin')).resolves.toEqual({ status: 200, body: { route: 'admin' } })
    await expect(get('/files/a%20b')).resolves.toEqual({
      status: 200,
      body: { route: 'files', name: 'a b' },
    })
    await expect(get('//files//x')).resolves.toEqual({
      status: 200,
      body: { route: 'files', name: 'x' },
    })
  })
})
