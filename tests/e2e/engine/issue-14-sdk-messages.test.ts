import { freePort, uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'

/** A logger that keeps what the SDK says. */
function recordingLogger() {
  const lines: { level: string; message: string }[] = []
  const at = (level: string) => (message: string) => {
    lines.push({ level, message })
  }
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    said: (level: string) => lines.filter((l) => l.level === level).map((l) => l.message),
  }
}

describe('iii-sdk says what is wrong (issue 14)', () => {
  it('warns once with the reason when there is no engine, and a call fails fast with NOT_CONNECTED', async () => {
    const port = await freePort()
    const log = recordingLogger()
    const states: string[] = []
    const worker = registerWorker(`ws://127.0.0.1:${port}`, {
      workerName: uniqueName('lonely'),
      logger: log.logger,
      connectWaitMs: 500,
      reconnectionConfig: { initialDelayMs: 20, maxDelayMs: 50 },
    })
    worker.onConnectionStateChange((s) => states.push(s))
    try {
      const startedMs = Date.now()
      const err = await worker.trigger({ function_id: 'a::b', payload: {} }).catch((e) => e)
      expect(err.code).toBe('NOT_CONNECTED')
      expect(err.message).toMatch(
        new RegExp(
          `not connected to ws://127\\.0\\.0\\.1:${port} after 500 ms: ECONNREFUSED 127\\.0\\.0\\.1:${port} — is the engine running\\?`,
        ),
      )
      expect(Date.now() - startedMs).toBeLessThan(10_000)
      // Several attempts, one warning.
      await waitFor(() => states.filter((s) => s === 'reconnecting').length >= 3, {
        what: 'three reconnect attempts',
      })
      const warnings = log.said('warn')
      expect(warnings).toEqual([
        `cannot connect to ws://127.0.0.1:${port}: ECONNREFUSED 127.0.0.1:${port} — is the engine running? (retrying in the background)`,
      ])
    } finally {
      await worker.shutdown()
    }
  })

  it("reports an auth refusal with the engine's message, and a standby registration with what happens", async () => {
    await using engine = await startTestEngine({
      configText: `
workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-worker-manager
    config:
      port: 0
      rbac:
        auth_function_id: gate::auth
`,
    })
    const gate = registerWorker(engine.url, { workerName: uniqueName('gate') })
    gate.registerFunction('gate::auth', async () => {
      throw new Error('token expired')
    })
    await waitFor(() => engine.core.functions.get('default', 'gate::auth'))
    const guarded = engine.address('iii-worker-manager#1')
    const log = recordingLogger()
    const refused = registerWorker(`ws://127.0.0.1:${guarded?.port}`, {
      workerName: uniqueName('refused'),
      logger: log.logger,
      reconnectionConfig: { initialDelayMs: 5000 },
    })
    const standbyLog = recordingLogger()
    const first = registerWorker(engine.url, { workerName: uniqueName('owner') })
    first.registerFunction('twin::serve', async () => ({ from: 'first' }))
    try {
      const err = await refused.trigger({ function_id: 'a::b', payload: {} }).catch((e) => e)
      expect(err.code).toBe('AUTH_ERROR')
      expect(err.message).toMatch(/the engine refused the connection: .*token expired/)
      expect(log.said('error').join('\n')).toMatch(
        /refused this worker \(AUTH_ERROR\): .*token expired; check the credentials/,
      )
      await waitFor(() => engine.core.functions.get('default', 'twin::serve'))
      // A second registration of a live id is a standby (docs/decisions/0010): the SDK says so.
      const second = registerWorker(engine.url, {
        workerName: uniqueName('standby'),
        logger: standbyLog.logger,
      })
      second.registerFunction('twin::serve', async () => ({ from: 'second' }))
      try {
        await waitFor(() => standbyLog.said('info').some((l) => /is on standby/.test(l)), {
          what: 'the standby notice',
        })
        expect(standbyLog.said('info').join('\n')).toMatch(
          /function twin::serve is on standby: worker .+ serves it; this worker takes it over when that one leaves/,
        )
      } finally {
        await second.shutdown()
      }
    } finally {
      await refused.shutdown()
      await first.shutdown()
      await gate.shutdown()
    }
  })
})
