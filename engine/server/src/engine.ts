import {
  createLogger,
  EngineCore,
  type Logger,
  type LoggerOptions,
  type OutboundBudgetLimits,
  outboundBudgetDefaults,
  WorkerHost,
} from '@iii/core'
import { workerCatalogue } from './catalogue'
import { ConfigError } from './config/errors'
import { defaultConfig, type EngineConfig, loadConfig, parseConfigText } from './config/load'
import { applyConfig } from './config/reload'
import { createBuiltinConfigControl } from './config/runtime'
import { readSettled } from './config/settle'
import { watchConfigFile } from './config/watch'
import { engineVersion } from './version'
import { applyEdit, type ConfigSource, defaultsText } from './worker-control/changes'
import { workerControlWorker } from './worker-control/index'

export interface StartEngineOptions {
  /** Config file path (`-c`). Without it `config.yaml` in `cwd` is used if present, else the defaults. */
  configPath?: string
  /** Config as YAML text, instead of a file (tests, embedding). */
  configText?: string
  /** Skip any config file and run the embedded defaults. */
  defaults?: boolean
  cwd?: string
  env?: NodeJS.ProcessEnv
  logger?: Logger
  log?: LoggerOptions
  /** Every listening worker binds port 0 (any free port): for tests and side-by-side engines. */
  randomPorts?: boolean
  /**
   * Watch the config file and apply changes to the running engine (PROTOCOL.md §14.5).
   * @default false (the `iii` CLI turns it on)
   */
  watch?: boolean
}

export interface RunningEngine {
  readonly core: EngineCore
  readonly host: WorkerHost
  /** The config the engine runs now (replaced by every applied reload). */
  readonly config: EngineConfig
  readonly version: string
  /** Port of the main worker listener. */
  readonly port: number
  /** `ws://host:port` of the main worker listener. */
  readonly url: string
  /** Bound address of a listening worker instance (`iii-http`, `iii-worker-manager#1`, …). */
  address(instanceName: string): { host: string; port: number } | undefined
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

function resolveConfig(options: StartEngineOptions): EngineConfig {
  const catalogue = workerCatalogue
  if (options.configText !== undefined) {
    return parseConfigText(options.configText, {
      file: '<inline config>',
      version: engineVersion,
      catalogue,
      env: options.env,
    })
  }
  if (options.defaults) return defaultConfig(catalogue)
  return loadConfig({
    path: options.configPath,
    cwd: options.cwd,
    env: options.env,
    version: engineVersion,
    catalogue,
  })
}

function withRandomPorts(config: EngineConfig): void {
  for (const instance of config.workers) {
    const c = instance.config as Record<string, unknown> | null
    if (c && typeof c === 'object' && typeof c.port === 'number') c.port = 0
  }
}

/**
 * Starts an engine in this process: loads the config, starts every built-in worker in order,
 * and returns a handle (async-disposable) once the worker listener accepts connections.
 *
 * @example
 * await using engine = await startEngine({ defaults: true, randomPorts: true })
 * const worker = registerWorker(engine.url)
 */
/** The config's outbound budgets over the defaults. */
function budgetLimits(config: EngineConfig): OutboundBudgetLimits {
  return {
    globalBytes: config.outboundBudgetBytes ?? outboundBudgetDefaults.globalBytes,
    socketBytes: config.socketOutboundBudgetBytes ?? outboundBudgetDefaults.socketBytes,
  }
}

export async function startEngine(options: StartEngineOptions = {}): Promise<RunningEngine> {
  const config = resolveConfig(options)
  if (options.randomPorts) withRandomPorts(config)
  const logger = options.logger ?? createLogger(options.log)
  const core = new EngineCore({
    logger,
    version: engineVersion,
    invocationTimeoutMs: config.invocationTimeoutMs,
    registrationNamespaceGraceMs: config.registrationNamespaceGraceMs,
    outboundBudget: budgetLimits(config),
  })
  const host = new WorkerHost(core)
  core.slots.provide('builtinConfigs', createBuiltinConfigControl(host), 'iii-engine')
  // Every change to the running workers (file reloads, engine::workers::*) goes through one queue.
  let changes: Promise<unknown> = Promise.resolve()
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const done = changes.then(work)
    changes = done.catch(() => {})
    return done
  }
  const source: ConfigSource = {
    file: config.file && !config.file.startsWith('<') ? config.file : null,
    text: options.configText ?? defaultsText(config),
  }
  const parse = (text: string, file: string) =>
    parseConfigText(text, {
      file,
      env: options.env,
      version: engineVersion,
      catalogue: workerCatalogue,
    })
  const target = { core, host, config }
  let mainUrl = ''
  const control = workerControlWorker({
    catalogue: workerCatalogue,
    host,
    url: () => mainUrl,
    change: (edit) =>
      enqueue(() =>
        applyEdit(source, target, {
          edit,
          parse: (text, file) => {
            const next = parse(text, file)
            if (options.randomPorts) withRandomPorts(next)
            return next
          },
        }),
      ),
  })
  try {
    for (const instance of config.workers) {
      if (instance.definition.name === 'iii-worker-manager' && !host.names().includes(control.name))
        await host.start(control.name, control, {})
      await host.start(instance.instanceName, instance.definition, instance.config)
    }
  } catch (err) {
    await host.stopAll().catch(() => {})
    core.closeAll()
    throw err
  }
  const address = (name: string) => host.get(name)?.address?.()
  const main = address('iii-worker-manager')
  if (!main) throw new Error('the main worker listener did not start')
  mainUrl = `ws://${main.host}:${main.port}`
  let stopping: Promise<void> | undefined
  let unwatch: (() => void) | undefined
  const stop = () => {
    stopping ??= (async () => {
      unwatch?.()
      await host.get('iii-worker-manager')?.stop()
      core.closeAll()
      try {
        await host.stopAll()
      } catch (err) {
        logger.error('engine stopped; some workers could not stop cleanly', {
          reason: (err as Error).message,
        })
        throw err
      }
      logger.info('engine stopped')
    })()
    return stopping
  }
  logger.info('engine ready', {
    version: engineVersion,
    config: config.file ?? 'embedded defaults',
    workers: host.names().join(','),
  })
  const running = {
    core,
    host,
    get config() {
      return target.config
    },
    version: engineVersion,
    port: main.port,
    url: `ws://${main.host}:${main.port}`,
    address,
    stop,
    [Symbol.asyncDispose]: stop,
  }
  const file = config.file
  if (options.watch && file && !file.startsWith('<')) {
    // One reload at a time, in the order the changes came. A file that does not parse or validate
    // is rejected and the running config stays (PROTOCOL.md §14.5); the next valid save applies.
    unwatch = watchConfigFile(file, () => {
      void enqueue(() => reloadFrom(file, options, target)).catch((err: Error) =>
        logRejectedReload(logger, file, err),
      )
    })
  }
  return running
}

/** Logs why a changed config file was not applied: file, key and reason. */
function logRejectedReload(logger: Logger, file: string, err: Error): void {
  const where =
    err instanceof ConfigError
      ? { file: err.file, key: err.key || undefined, reason: err.reason }
      : { file, reason: err.message }
  logger.error('config reload rejected; the running config stays', where)
}

/** Re-reads the watched file once it has settled and applies it; a file that does not parse rejects. */
async function reloadFrom(
  file: string,
  options: StartEngineOptions,
  running: { core: EngineCore; host: WorkerHost; config: EngineConfig },
): Promise<void> {
  const text = await readSettled(file)
  const next = parseConfigText(text, {
    file,
    env: options.env,
    version: engineVersion,
    catalogue: workerCatalogue,
  })
  if (options.randomPorts) withRandomPorts(next)
  const summary = await applyConfig(running, running.config, next)
  running.config = next
  running.core.logger.info('config reloaded', { file, ...summary })
}
