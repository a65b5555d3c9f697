import { createLogger } from '@iii/core'
import { uniqueName, waitFor } from '@iii/testing'
import { startEngine } from 'iii-engine'
import { registerWorker } from 'iii-sdk'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startTestEngine, type TestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

describe('hardened edges', () => {
  let engine: TestEngine
  const cleanups: (() => Promise<unknown>)[] = []
  const raw = async (url = engine.url) => {
    const r = await RawClient.connect(url)
    cleanups.push(() => r.close())
    return r
  }
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c()
    await engine?.stop()
  })

  it('reattach takes over the old connection only with its token', async () => {
    engine = await startTestEngine()
    const old = await raw()
    const hello = await old.next((f) => f.type === 'workerregistered')
    old.announce(uniqueName('old'))
    old.send({ type: 'registerfunction', id: 'edge::mine' })
    await waitFor(() => engine.core.functions.get('default', 'edge::mine'))

    const thief = await raw()
    thief.send({
      type: 'reattach',
      previous_worker_id: hello.worker_id,
      reattach_token: '00000000-0000-4000-8000-000000000000',
    })
    thief.send({ type: 'reattach', previous_worker_id: hello.worker_id })
    thief.send({
      type: 'reattach',
      previous_worker_id: 'not-a-uuid',
      reattach_token: hello.reattach_token,
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(engine.core.functions.get('default', 'edge::mine')?.owner.id).toBe(hello.worker_id)
    expect(old.closed).toBeUndefined()

    const heir = await raw()
    heir.send({
      type: 'reattach',
      previous_worker_id: hello.worker_id,
      reattach_token: hello.reattach_token,
    })
    heir.send({ type: 'registerfunction', id: 'edge::mine' })
    heir.announce(uniqueName('heir'))
    await waitFor(() => old.closed, { what: 'old socket closed' })
    const entry = await waitFor(() => {
      const e = engine.core.functions.get('default', 'edge::mine')
      return e && e.owner.id !== hello.worker_id ? e : undefined
    })
    expect(entry.owner.id).not.toBe(hello.worker_id)
  })

  it('channels need the right key; each end can be claimed once', async () => {
    engine = await startTestEngine()
    const w = registerWorker(engine.url, { workerName: uniqueName('ch') })
    cleanups.push(() => w.shutdown())
    const { readerRef } = await w.createChannel()
    const open = (url: string) =>
      new Promise<{ ok: boolean; status?: number; ws?: WebSocket }>((resolve) => {
        const ws = new WebSocket(url)
        ws.once('open', () => resolve({ ok: true, ws }))
        ws.once('unexpected-response', (_req, res) =>
          resolve({ ok: false, status: res.statusCode }),
        )
        ws.once('error', () => resolve({ ok: false }))
      })
    const base = `${engine.url}/ws/channels/${readerRef.channel_id}`
    expect(await open(`${base}?key=wrong&dir=read`)).toMatchObject({ ok: false, status: 404 })
    expect(
      await open(`${engine.url}/ws/channels/nope?key=${readerRef.access_key}&dir=read`),
    ).toMatchObject({ ok: false, status: 404 })
    expect(
      await open(`${base}?key=${encodeURIComponent(readerRef.access_key)}&dir=sideways`),
    ).toMatchObject({ ok: false, status: 404 })
    expect(await open(`${engine.url}/some/other/path`)).toMatchObject({ ok: false, status: 404 })
    const first = await open(`${base}?key=${encodeURIComponent(readerRef.access_key)}&dir=read`)
    expect(first.ok).toBe(true)
    const second = await open(`${base}?key=${encodeURIComponent(readerRef.access_key)}&dir=read`)
    const code = await new Promise<number>((resolve) => second.ws?.once('close', (c) => resolve(c)))
    expect(code).toBe(1008)
    first.ws?.close()
  })

  it('answers TOO_MANY_INVOCATIONS past max_inflight_invocations instead of growing', async () => {
    engine = await startTestEngine({
      configText:
        'workers:\n  - name: iii-worker-manager\n    config: { port: 0, max_inflight_invocations: 5 }\n',
    })
    const callee = registerWorker(engine.url, { workerName: uniqueName('slow') })
    cleanups.push(() => callee.shutdown())
    const release: (() => void)[] = []
    callee.registerFunction(
      'edge::slow',
      () => new Promise((resolve) => release.push(() => resolve('done'))),
    )
    await waitFor(() => engine.core.functions.get('default', 'edge::slow'))
    const caller = registerWorker(engine.url, { workerName: uniqueName('caller') })
    cleanups.push(() => caller.shutdown())
    const calls = Array.from({ length: 8 }, () =>
      caller.trigger({ function_id: 'edge::slow', payload: {} }).catch((e) => e),
    )
    await waitFor(() => release.length === 5)
    await new Promise((r) => setTimeout(r, 50))
    for (const r of release) r()
    const results = await Promise.all(calls)
    expect(results.filter((r) => r === 'done')).toHaveLength(5)
    expect(results.filter((r) => r?.code === 'TOO_MANY_INVOCATIONS')).toHaveLength(3)
    expect(engine.core.table.size).toBe(0)
  })

  it('ends calls at the engine-side deadline and drops the late result', async () => {
    engine = await startTestEngine({ configText: 'invocation_timeout_ms: 200\nworkers: []\n' })
    const callee = await raw()
    callee.announce(uniqueName('late'))
    callee.send({ type: 'registerfunction', id: 'edge::late' })
    await waitFor(() => engine.core.functions.get('default', 'edge::late'))
    const caller = await raw()
    caller.send({
      type: 'invokefunction',
      invocation_id: '11111111-1111-4111-8111-111111111111',
      function_id: 'edge::late',
      data: {},
    })
    const invoke = await callee.next((f) => f.type === 'invokefunction')
    const result = await caller.next((f) => f.type === 'invocationresult')
    expect(result.error).toEqual({ code: 'TIMEOUT', message: 'invocation timed out after 200ms' })
    callee.send({
      type: 'invocationresult',
      invocation_id: invoke.invocation_id,
      result: 'too late',
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(caller.frames.filter((f) => f.type === 'invocationresult')).toEqual([])
  })

  it('sanitises worker descriptions', async () => {
    engine = await startTestEngine()
    const name = uniqueName('desc')
    const w = await raw()
    w.send({
      type: 'invokefunction',
      function_id: 'engine::workers::register',
      data: { name, description: `evil\u202e\u0007text\u200f${'x'.repeat(400)}` },
      action: { type: 'void' },
    })
    const caller = registerWorker(engine.url, { workerName: uniqueName('reader') })
    cleanups.push(() => caller.shutdown())
    const row = await waitFor(async () => {
      const { workers } = await caller.trigger({
        function_id: 'engine::workers::list',
        payload: { search: name },
      })
      return workers[0]
    })
    expect(row.description.startsWith('eviltext')).toBe(true)
    expect(
      [...row.description].some((c) => c.charCodeAt(0) < 0x20 || c === '\u202e' || c === '\u200f'),
    ).toBe(false)
    expect(row.description.length).toBe(280)
  })

  it('never writes a secret to a log line', async () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'trace', format: 'json', write: (l) => lines.push(l) })
    const e = await startEngine({
      configText:
        'workers:\n  - name: iii-worker-manager\n    config: { port: 0 }\n  - name: iii-worker-manager\n    config: { port: 0, rbac: { auth_function_id: gate::auth } }\n',
      randomPorts: true,
      logger,
    })
    try {
      const gate = registerWorker(e.url, { workerName: uniqueName('gate') })
      gate.registerFunction('gate::auth', async (input: any) => {
        throw new Error(`rejected ${input.headers['x-api-key'] ? 'with key' : 'without key'}`)
      })
      await waitFor(() => e.core.functions.get('default', 'gate::auth'))
      const pub = e.address('iii-worker-manager#1')
      const ws = new WebSocket(`ws://127.0.0.1:${pub?.port}`, {
        headers: {
          authorization: 'Bearer SECRET-BEARER-1',
          'x-api-key': 'SECRET-KEY-2',
          cookie: 'sid=SECRET-COOKIE-3',
        },
      })
      await new Promise((resolve) => ws.once('close', resolve))
      const sdk = registerWorker(e.url, {
        workerName: uniqueName('w'),
        headers: { authorization: 'Bearer SECRET-BEARER-4' },
      })
      await sdk.trigger({
        function_id: 'engine::workers::list',
        payload: { token: 'SECRET-TOKEN-5', password: 'SECRET-PW-6' },
      })
      await sdk.shutdown()
      await gate.shutdown()
    } finally {
      await e.stop()
    }
    const all = lines.join('')
    expect(lines.length).toBeGreaterThan(5)
    expect(all).toContain('connection rejected by the auth function')
    expect(all).not.toMatch(/SECRET-/)
  })
})
