import { uniqueName, waitFor } from '@iii/testing'
import type { RunningEngine } from 'iii-engine'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { startTestEngine, type TestEngine } from '../../../src/engine'

/** Where a test engine keeps its queues; memory, file and Redis run the same scenarios. */
export interface QueueFixture {
  name: 'memory' | 'file' | 'redis'
  /** True when a restarted engine sees the same jobs. */
  persistent: boolean
  /** The `adapter` block; `store` names the store so several engines (or restarts) can share it. */
  adapter(store?: string): Record<string, unknown>
}

export interface EngineOptions {
  queue_configs?: Record<string, Record<string, unknown>>
  lease_ms?: number
  max_stalls?: number
  /** Share a store between engines or across a restart (file: same directory; Redis: always shared). */
  store?: string
  /** Also run iii-cron with this config. */
  cron?: Record<string, unknown>
}

/** Engine config text (JSON is YAML) with the worker listener and the queue worker. */
export function engineConfig(fixture: QueueFixture, o: EngineOptions = {}, port = 0): string {
  const queue: Record<string, unknown> = { adapter: fixture.adapter(o.store) }
  if (o.queue_configs) queue.queue_configs = o.queue_configs
  if (o.lease_ms !== undefined) queue.lease_ms = o.lease_ms
  if (o.max_stalls !== undefined) queue.max_stalls = o.max_stalls
  const workers: unknown[] = [
    { name: 'iii-worker-manager', config: { port } },
    { name: 'iii-queue', config: queue },
  ]
  if (o.cron) workers.push({ name: 'iii-cron', config: o.cron })
  return JSON.stringify({ workers })
}

/** A test engine whose `records` keep info and above. */
export interface HarnessEngine extends TestEngine {
  /** Records about one job. */
  jobLog(messageId: string): string[]
}

const fast = { initialDelayMs: 50, maxDelayMs: 300 }

/**
 * Engines (from `startTestEngine`) and SDK workers for one test; `cleanup()` stops them, and a
 * stop fails on unhandled engine errors.
 */
export class QueueHarness {
  private readonly engines: HarnessEngine[] = []
  private readonly workers: IIIWorker[] = []

  constructor(readonly fixture: QueueFixture) {}

  async engine(o: EngineOptions = {}): Promise<HarnessEngine> {
    const engine = await startTestEngine({
      configText: engineConfig(this.fixture, o),
      recordLevel: 'info',
    })
    const jobLog = (id: string) =>
      engine.records.filter((r) => r.fields.message_id === id).map((r) => r.msg)
    const h: HarnessEngine = Object.assign(engine, { jobLog })
    this.engines.push(h)
    return h
  }

  worker(engine: { url: string }, name = uniqueName('w')): IIIWorker {
    const w = registerWorker(engine.url, { workerName: name, reconnectionConfig: fast })
    this.workers.push(w)
    return w
  }

  /** Stops an engine now (graceful), e.g. before restarting on the same store. */
  async stopEngine(engine: HarnessEngine): Promise<void> {
    this.engines.splice(this.engines.indexOf(engine), 1)
    await engine.stop()
  }

  async cleanup(): Promise<void> {
    for (const w of this.workers.splice(0)) await w.shutdown()
    for (const e of this.engines.splice(0)) await e.stop()
  }
}

/** Waits until `(namespace, id)` is registered on the engine. */
export const registered = (engine: RunningEngine, id: string, namespace = 'default') =>
  waitFor(() => engine.core.functions.get(namespace, id), {
    what: `function ${id}`,
    timeoutMs: 10_000,
  })

/** Waits until a binding of `functionId` is delivered to its provider. */
export const bound = (engine: RunningEngine, functionId: string, count = 1) =>
  waitFor(
    () =>
      [...engine.core.bindings.all()].filter((b) => b.function_id === functionId && b.provider)
        .length >= count,
    {
      what: `${count} binding(s) of ${functionId}`,
      timeoutMs: 10_000,
    },
  )
