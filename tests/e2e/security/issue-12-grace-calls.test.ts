import { uniqueName } from '@iii/testing'
import { registerWorker } from 'iii-sdk-published'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { RawClient } from '../../src/raw'

/** Registrations wait up to a minute for the announcement, so only the announcement drains them. */
const config = `
registration_namespace_grace_ms: 60000
workers:
  - name: iii-worker-manager
    config: { port: 0 }
`

const call = (functionId: string, id: string) => ({
  type: 'invokefunction',
  invocation_id: id,
  function_id: functionId,
  data: { n: 1 },
})

/** Sends a registration; the pong after it proves the engine has read (and buffered) it. */
async function register(client: RawClient, id: string): Promise<void> {
  client.send({ type: 'registerfunction', id })
  client.send({ type: 'ping' })
  await client.next((f) => f.type === 'pong', 10_000)
}

describe('issue 12, row 14: calls to a registration still held wait for it', () => {
  it('the README hello world works with the published iii-sdk', { timeout: 30_000 }, async () => {
    await using engine = await startTestEngine()
    const worker = registerWorker(engine.url, { workerName: uniqueName('greeter') })
    try {
      worker.registerFunction('greeter::hello', async ({ name }: { name: string }) => ({
        message: `Hello, ${name}!`,
      }))
      const reply = (await worker.trigger({
        function_id: 'greeter::hello',
        payload: { name: 'iii' },
      })) as { message: string }
      expect(reply.message).toBe('Hello, iii!')
    } finally {
      await worker.shutdown()
    }
  })

  it('a call waits in the grace buffer and is delivered once the holder announces', {
    timeout: 30_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const fn = `${uniqueName('held')}::echo`
    const holder = await RawClient.connect(engine.url)
    const caller = await RawClient.connect(engine.url)
    try {
      caller.announce(uniqueName('caller'))
      await register(holder, fn)
      // The holder has not announced: its registration is buffered, and the call waits.
      caller.send(call(fn, 'c1'))
      const delivered = holder.next((f) => f.type === 'invokefunction' && f.function_id === fn, 500)
      await expect(delivered).rejects.toThrow(/timed out/)
      holder.announce(uniqueName('holder'))
      const invoke = await holder.next(
        (f) => f.type === 'invokefunction' && f.function_id === fn,
        10_000,
      )
      expect(invoke.data.n).toBe(1)
      holder.send({ type: 'invocationresult', invocation_id: invoke.invocation_id, result: 'ok' })
      const result = await caller.next(
        (f) => f.type === 'invocationresult' && f.invocation_id === 'c1',
        10_000,
      )
      expect(result.result).toBe('ok')
      expect(result.error).toBeUndefined()
    } finally {
      await holder.close()
      await caller.close()
    }
  })

  it('a holder that leaves without announcing ends the wait with function_not_found', {
    timeout: 30_000,
  }, async () => {
    await using engine = await startTestEngine({ configText: config })
    const fn = `${uniqueName('gone')}::echo`
    const holder = await RawClient.connect(engine.url)
    const caller = await RawClient.connect(engine.url)
    try {
      caller.announce(uniqueName('caller'))
      await register(holder, fn)
      caller.send(call(fn, 'c2'))
      // An id nobody holds still fails at once.
      caller.send(call(`${fn}-never`, 'c3'))
      const miss = await caller.next((f) => f.invocation_id === 'c3', 5_000)
      expect(miss.error.code).toBe('function_not_found')
      await holder.close()
      const result = await caller.next((f) => f.invocation_id === 'c2', 10_000)
      expect(result.error.code).toBe('function_not_found')
    } finally {
      await caller.close()
    }
  })
})
