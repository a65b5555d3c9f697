import { uniqueName } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startTestEngine } from '../../src/engine'
import { consoleUrl } from './console-helpers'

const token = 'console-test-token-0123456789'

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${url}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, json: async (): Promise<any> => response.json() }
}

/** The console's HTTP + WebSocket API: bad input, auth, redaction, binding rules (issue 15). */
describe('console API', () => {
  it('refuses a non-loopback bind without a token or an auth function', async () => {
    const configText = `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-console
    config: { host: 0.0.0.0, port: 0 }
`
    await expect(startTestEngine({ configText })).rejects.toThrow(/auth_token or auth_function_id/)
  })

  it('with a token: refuses requests and live sockets without it, serves them with it', async () => {
    const configText = `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-console
    config: { host: 0.0.0.0, port: 0, auth_token: ${token} }
`
    await using engine = await startTestEngine({ configText })
    const url = consoleUrl(engine)
    const refused = await post(url, { function_id: 'engine::health::check' })
    expect(refused.status).toBe(401)
    expect((await refused.json()).error.code).toBe('AUTH_ERROR')
    const wrong = await post(
      url,
      { function_id: 'engine::health::check' },
      { authorization: 'Bearer nope' },
    )
    expect(wrong.status).toBe(401)
    const ok = await post(
      url,
      { function_id: 'engine::health::check' },
      { authorization: `Bearer ${token}` },
    )
    expect(ok.status).toBe(200)
    expect((await ok.json()).result.status).toBe('healthy')
    // The app itself loads without a token (it holds no secret); ?token= becomes an HttpOnly cookie.
    const page = await fetch(`${url}/?token=${token}`, { redirect: 'manual' })
    expect(page.status).toBe(303)
    const cookie = page.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    const viaCookie = await post(
      url,
      { function_id: 'engine::health::check' },
      { cookie: cookie.split(';')[0] as string },
    )
    expect(viaCookie.status).toBe(200)
    const live = new WebSocket(`${url.replace('http', 'ws')}/api/live`)
    const status = await new Promise<number>((resolve) => {
      live.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      live.on('open', () => resolve(101))
    })
    expect(status).toBe(401)
  })

  it('answers bad input with INVALID_ARGUMENTS and keeps serving', async () => {
    await using engine = await startTestEngine()
    const url = consoleUrl(engine)
    for (const body of [
      'not json',
      '[]',
      { payload: {} },
      { function_id: '  ' },
      { function_id: 'x', timeout_ms: -1 },
    ]) {
      const r = await post(url, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect((await r.json()).error.code).toBe('INVALID_ARGUMENTS')
    }
    const big = await post(url, { function_id: 'x', payload: 'y'.repeat(2 * 1024 * 1024) })
    expect(big.status).toBe(413)
    const missing = await post(url, { function_id: uniqueName('nope::fn') })
    const body = await missing.json()
    expect(body.ok).toBe(false)
    expect(body.error.code).toBe('function_not_found')
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect((await fetch(`${url}/api/nothing`)).status).toBe(404)
    // Deep links load the app.
    const deep = await fetch(`${url}/functions/demo%3A%3Aadd?q=x`)
    expect(deep.headers.get('content-type')).toContain('text/html')
    expect(await deep.text()).toContain('<div id="root">')
    expect((await fetch(`${url}/..%2F..%2Fpackage.json`)).headers.get('content-type')).toContain(
      'text/html',
    )

    const live = new WebSocket(`${url.replace('http', 'ws')}/api/live`)
    const messages: any[] = []
    live.on('message', (m) => messages.push(JSON.parse(String(m))))
    await new Promise((resolve) => live.on('open', resolve))
    live.send('nope')
    live.send(JSON.stringify({ type: 'sub', id: 'a', function_id: 'state::set', payload: {} }))
    live.send(JSON.stringify({ type: 'sub', id: 'b', function_id: 'engine::health::check' }))
    await expect.poll(() => messages.find((m) => m.id === 'b'), { timeout: 15_000 }).toBeTruthy()
    const errors = messages.filter((m) => m.type === 'error')
    expect(errors.map((e) => e.code)).toEqual(['INVALID_ARGUMENTS', 'INVALID_ARGUMENTS'])
    expect(messages.find((m) => m.id === 'b').result.status).toBe('healthy')
    live.close()
  })

  it('redacts secrets from what it returns', async () => {
    await using engine = await startTestEngine()
    const worker = registerWorker(engine.url, { workerName: uniqueName('secretive') })
    worker.registerFunction('secretive::config', async () => ({
      region: 'eu',
      api_key: 'sk-live-123',
      nested: { password: 'hunter2', token: 'abc', tokens_used: 3 },
    }))
    await worker.waitForConnection()
    const r = await (await post(consoleUrl(engine), { function_id: 'secretive::config' })).json()
    expect(JSON.stringify(r)).not.toMatch(/sk-live-123|hunter2|"abc"/)
    expect(r.result.region).toBe('eu')
    await worker.shutdown()
  })
})
