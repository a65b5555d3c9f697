import type { EngineCore } from './engine-core'
import { BuiltinRecord, type BuiltinWorker, createWorkerContext, releaseWorker, type WorkerDefinition } from './worker'

interface Running {
  definition: WorkerDefinition<unknown>
  worker: BuiltinWorker
  record: BuiltinRecord
  config: unknown
}

/** Starts and stops built-in workers by instance name. */
export class WorkerHost {
  private readonly running = new Map<string, Running>()

  constructor(private readonly engine: EngineCore) {}

  async start<TConfig>(instanceName: string, definition: WorkerDefinition<TConfig>, config: TConfig): Promise<void> {
    if (this.running.has(instanceName)) throw new Error(`worker ${instanceName} is already running`)
    const record = new BuiltinRecord(instanceName, this.engine.version)
    this.engine.workers.add(record)
    const worker = definition.create(config)
    const running: Running = { definition: definition as WorkerDefinition<unknown>, worker, record, config }
    this.running.set(instanceName, running)
    try {
      await worker.start(createWorkerContext(this.engine, record))
    } catch (err) {
      this.running.delete(instanceName)
      await releaseWorker(this.engine, record)
      await Promise.resolve(worker.stop()).catch(() => {})
      throw err
    }
    this.engine.logger.debug('worker started', { worker: instanceName })
  }

  async stop(instanceName: string): Promise<void> {
    const running = this.running.get(instanceName)
    if (!running) return
    this.running.delete(instanceName)
    try {
      await running.worker.stop()
    } catch (err) {
      this.engine.logger.error('worker failed to stop cleanly', { worker: instanceName, err, unhandled: true })
    }
    await releaseWorker(this.engine, running.record)
  }

  /** Stops workers in reverse start order. */
  async stopAll(): Promise<void> {
    for (const name of [...this.running.keys()].reverse()) await this.stop(name)
  }

  names(): string[] {
    return [...this.running.keys()]
  }

  configOf(instanceName: string): unknown {
    return this.running.get(instanceName)?.config
  }

  get<T extends BuiltinWorker>(instanceName: string): T | undefined {
    return this.running.get(instanceName)?.worker as T | undefined
  }
}
