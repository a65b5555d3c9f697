import type { EngineCore } from './engine-core'
import {
  BuiltinRecord,
  type BuiltinWorker,
  createEngineWorkerContext,
  createWorkerContext,
  type EngineWorkerDefinition,
  releaseWorker,
  type WorkerDefinition,
} from './worker'

interface Running {
  definition: WorkerDefinition<unknown>
  worker: BuiltinWorker
  record: BuiltinRecord
  config: unknown
}

/** What one instance starts from; `handedOver` is the previous instance's data on a restart. */
interface InstanceStart {
  definition: WorkerDefinition<unknown>
  config: unknown
  handedOver?: unknown
}

/**
 * Starts and stops built-in workers by instance name. Every start (and restart) emits
 * `builtin:configured` and every final stop `builtin:stopped`, so the `configuration` worker can
 * keep its runtime view of the built-ins current (BUILTINS.md §0.2).
 */
export class WorkerHost {
  private readonly running = new Map<string, Running>()

  constructor(private readonly engine: EngineCore) {}

  async start<TConfig>(
    instanceName: string,
    definition: WorkerDefinition<TConfig> | EngineWorkerDefinition<TConfig>,
    config: TConfig,
  ): Promise<void> {
    await this.startInstance(instanceName, {
      definition: definition as WorkerDefinition<unknown>,
      config,
    })
    this.emitConfigured(instanceName)
  }

  /** Stops an instance; resolves with the error its `stop()` threw (logged already), if any. */
  async stop(instanceName: string): Promise<Error | undefined> {
    if (!this.running.has(instanceName)) return undefined
    const err = await this.stopInstance(instanceName)
    this.engine.events.emit('builtin:stopped', { name: instanceName })
    return err
  }

  /**
   * Restarts a running instance with `config`. When it cannot start, the instance is started again
   * with the config it had and the first error is rethrown.
   */
  async restart(instanceName: string, config: unknown): Promise<void> {
    const previous = this.running.get(instanceName)
    if (!previous) throw new Error(`worker ${instanceName} is not running`)
    if (previous.worker.reconfigure) {
      await previous.worker.reconfigure(config)
      previous.config = config
      this.emitConfigured(instanceName)
      return
    }
    // Live memory data (a memory store) moves to the new instance instead of being dropped.
    const handedOver = previous.worker.handOver?.()
    await this.stopInstance(instanceName)
    try {
      await this.startInstance(instanceName, {
        definition: previous.definition,
        config,
        handedOver,
      })
    } catch (err) {
      await this.startInstance(instanceName, {
        definition: previous.definition,
        config: previous.config,
        handedOver,
      }).catch((again: Error) => {
        this.engine.logger.error('worker failed to start again with its previous config', {
          worker: instanceName,
          err: again.message,
        })
        this.engine.events.emit('builtin:stopped', { name: instanceName })
      })
      throw err
    }
    this.emitConfigured(instanceName)
  }

  /**
   * Stops workers in reverse start order. Every worker is stopped; then, when any failed to stop
   * cleanly (e.g. a store could not write what it held), rejects naming them, so a graceful stop
   * that lost something never looks like a clean one.
   */
  async stopAll(): Promise<void> {
    const failures: string[] = []
    for (const name of [...this.running.keys()].reverse()) {
      const err = await this.stop(name)
      if (err) failures.push(`${name}: ${err.message}`)
    }
    if (failures.length > 0)
      throw new Error(`${failures.length} worker(s) failed to stop cleanly: ${failures.join('; ')}`)
  }

  names(): string[] {
    return [...this.running.keys()]
  }

  configOf(instanceName: string): unknown {
    return this.running.get(instanceName)?.config
  }

  definitionOf(instanceName: string): WorkerDefinition<unknown> | undefined {
    return this.running.get(instanceName)?.definition
  }

  get<T extends BuiltinWorker>(instanceName: string): T | undefined {
    return this.running.get(instanceName)?.worker as T | undefined
  }

  private async startInstance(instanceName: string, start: InstanceStart): Promise<void> {
    const { definition, config, handedOver } = start
    if (this.running.has(instanceName)) throw new Error(`worker ${instanceName} is already running`)
    const record = new BuiltinRecord(instanceName, this.engine.version)
    this.engine.workers.add(record)
    let worker: BuiltinWorker | undefined
    try {
      // create() throws for configs it cannot build (unknown adapter): release the record then too.
      worker = definition.create(config)
      this.running.set(instanceName, { definition, worker, record, config })
      // Only the engine's own workers (worker manager, engine functions) see the engine itself.
      const ctx = definition.engineAccess
        ? createEngineWorkerContext(this.engine, record, handedOver)
        : createWorkerContext(this.engine, record, handedOver)
      await worker.start(ctx)
    } catch (err) {
      this.running.delete(instanceName)
      await releaseWorker(this.engine, record)
      // Data handed over stays alive for the instance started next (the previous config, on a restart).
      if (worker && handedOver !== undefined) worker.handOver?.()
      if (worker) await Promise.resolve(worker.stop()).catch(() => {})
      throw err
    }
    this.engine.logger.debug('worker started', { worker: instanceName })
  }

  private async stopInstance(instanceName: string): Promise<Error | undefined> {
    const running = this.running.get(instanceName)
    if (!running) return undefined
    this.running.delete(instanceName)
    let failure: Error | undefined
    try {
      await running.worker.stop()
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err))
      this.engine.logger.error('worker failed to stop cleanly', {
        worker: instanceName,
        err,
        unhandled: true,
      })
    }
    await releaseWorker(this.engine, running.record)
    return failure
  }

  private emitConfigured(instanceName: string): void {
    const running = this.running.get(instanceName)
    if (!running) return
    this.engine.events.emit('builtin:configured', {
      name: instanceName,
      schema: running.definition.configSchema,
      config: running.config,
    })
  }
}
