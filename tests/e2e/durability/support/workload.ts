import { sleep, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker, TriggerAction } from 'iii-sdk'
import type { ChaosEvent } from '../../queue/support/chaos-check'
import type { KvEvent } from './kv-history'

/** Names the workload writes to; the engine config must declare `queue`. */
export const workloadNames = {
  scope: 'crash-state',
  stream: 'crash-stream',
  group: 'g',
  queue: 'crash-queue',
  job: 'crash::job',
} as const

export interface WorkloadOptions {
  url: string
  /** Concurrent writers per store, each with its own keys. @default 8 */
  writers?: number
  /** Keys per writer. @default 20 */
  keysPerWriter?: number
  /** Padding in each value and job, in bytes (to fill a disk sooner). @default 0 */
  padBytes?: number
  /** Label of the engine in the queue history. */
  engine: string
}

type Store = 'state' | 'stream'
const fast = { initialDelayMs: 50, maxDelayMs: 200 }
const codeOf = (err: unknown) => String((err as { code?: unknown }).code ?? 'ERROR')

/**
 * Writes state and stream items and enqueues jobs without pause through one SDK worker, keeping
 * a history of every call and its answer; a consumer on the same worker records each job run.
 * `pause()` waits until no call is in flight, so the stores can be read against the history.
 */
export class Workload {
  readonly kv: Record<Store, KvEvent[]> = { state: [], stream: [] }
  readonly queue: ChaosEvent[] = []
  /** Enqueues answered with an error, with its code. */
  readonly queueFails: { k: string; code: string }[] = []
  readonly worker: IIIWorker
  private running = true
  private paused = false
  private inflight = 0
  private loops: Promise<void>[] = []
  private jobs = 0

  constructor(private readonly o: WorkloadOptions) {
    this.worker = registerWorker(o.url, { workerName: 'crash-workload', reconnectionConfig: fast })
    this.worker.registerFunction(workloadNames.job, async (d: { k: string }) => {
      const at = () => Date.now()
      this.queue.push({ type: 'run-start', k: d.k, pid: process.pid, engine: o.engine, at: at() })
      this.queue.push({ type: 'run-end', k: d.k, pid: process.pid, engine: o.engine, at: at() })
      return null
    })
  }

  /** Acknowledged writes (and enqueues) so far. */
  acks(): number {
    const kv = [...this.kv.state, ...this.kv.stream].filter((e) => e.type === 'ack').length
    return kv + this.queue.filter((e) => e.type === 'ack').length
  }

  start(): void {
    const writers = this.o.writers ?? 8
    for (let w = 0; w < writers; w++) {
      this.loops.push(this.kvLoop('state', w), this.kvLoop('stream', w))
      this.loops.push(this.enqueueLoop())
    }
  }

  /** Stops sending new calls and resolves once none is in flight. */
  async pause(): Promise<void> {
    this.paused = true
    await waitFor(() => this.inflight === 0, { timeoutMs: 30_000, what: 'calls in flight' })
  }

  resume(): void {
    this.paused = false
  }

  /** Stops for good; resolves when every loop has ended. */
  async stop(): Promise<void> {
    this.running = false
    await Promise.all(this.loops)
  }

  /** The seq each key holds now, read through the engine. */
  async read(store: Store): Promise<Map<string, number>> {
    const items = await this.call<unknown[]>(
      store === 'state' ? 'state::list' : 'stream::list',
      store === 'state'
        ? { scope: workloadNames.scope }
        : { stream_name: workloadNames.stream, group_id: workloadNames.group },
    )
    const found = new Map<string, number>()
    for (const item of items) {
      const v = (item as { data?: unknown }).data ?? item
      const { key, seq } = v as { key: string; seq: number }
      found.set(key, seq)
    }
    return found
  }

  call<T>(functionId: string, payload: unknown): Promise<T> {
    return this.worker.trigger<unknown, T>({ function_id: functionId, payload, timeoutMs: 20_000 })
  }

  private async gate(): Promise<boolean> {
    while (this.running && this.paused) await sleep(20)
    return this.running
  }

  private async kvLoop(store: Store, writer: number): Promise<void> {
    const keys = this.o.keysPerWriter ?? 20
    const seqs = new Array<number>(keys).fill(0)
    const pad = 'p'.repeat(this.o.padBytes ?? 0)
    const log = this.kv[store]
    for (let i = 0; await this.gate(); i++) {
      const slot = i % keys
      const key = `${store}-${writer}-${slot}`
      const seq = (seqs[slot] ?? 0) + 1
      seqs[slot] = seq
      const value = { key, seq, pad }
      const [functionId, payload] =
        store === 'state'
          ? ['state::set', { scope: workloadNames.scope, key, value }]
          : [
              'stream::set',
              {
                stream_name: workloadNames.stream,
                group_id: workloadNames.group,
                item_id: key,
                data: value,
              },
            ]
      log.push({ type: 'invoke', key, seq })
      this.inflight++
      await this.worker
        .trigger({ function_id: functionId, payload, timeoutMs: 3000 })
        .then(
          () => log.push({ type: 'ack', key, seq }),
          async (err) => {
            log.push({ type: 'fail', key, seq, code: codeOf(err) })
            await sleep(20)
          },
        )
        .finally(() => this.inflight--)
    }
  }

  private async enqueueLoop(): Promise<void> {
    while (await this.gate()) {
      const k = `job-${this.jobs++}`
      this.inflight++
      await this.worker
        .trigger({
          function_id: workloadNames.job,
          payload: { k, pad: 'p'.repeat(this.o.padBytes ?? 0) },
          action: TriggerAction.Enqueue({ queue: workloadNames.queue }),
          timeoutMs: 3000,
        })
        .then(
          (r) =>
            this.queue.push({ type: 'ack', k, message_id: r.messageReceiptId, at: Date.now() }),
          async (err) => {
            this.queueFails.push({ k, code: codeOf(err) })
            await sleep(20)
          },
        )
        .finally(() => this.inflight--)
      // Jobs at a tenth of the write rate keep the consumer's runs a small share of the work.
      await sleep(10)
    }
  }
}
