import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { freePort } from '@iii/testing'
import { type Child, repoRoot } from '../../core/child'
import type { WorkerEntry } from '../../core/engine'
import type { Scope } from '../../core/scope'
import { waitForPort } from '../../core/tcp'

/**
 * The reference engine binary, used only as a baseline when present: `III_REFERENCE_BIN`, else
 * `../shared/reference/iii` beside the repository. It is never part of the repository.
 */
export const referenceBinary = resolve(
  process.env.III_REFERENCE_BIN ?? resolve(repoRoot, '../shared/reference/iii'),
)

/** The line printed when the baseline cannot run. */
export const noReferenceReason = 'skipped: no reference binary'

export const hasReferenceBinary = (): boolean => existsSync(referenceBinary)

/** What both engines are given: a worker listener, HTTP, observability on with the memory exporter. */
export interface SharedConfig {
  file: string
  port: number
  httpPort: number
}

/** Writes one config both engines accept (JSON is YAML) with every listener on a free port. */
export async function writeSharedConfig(dir: string): Promise<SharedConfig> {
  const port = await freePort()
  const httpPort = await freePort()
  const workers: WorkerEntry[] = [
    { name: 'iii-worker-manager', config: { port, host: '127.0.0.1' } },
    { name: 'iii-http', config: { port: httpPort, host: '127.0.0.1' } },
    { name: 'iii-observability', config: { enabled: true, exporter: 'memory' } },
  ]
  const file = join(dir, `shared-${port}.yaml`)
  writeFileSync(file, JSON.stringify({ workers }, null, 2))
  return { file, port, httpPort }
}

/** The built entry of our engine (what `startup` measures too). */
export const ourEntry = resolve(repoRoot, 'engine/server/dist/cli.mjs')

export type EngineKind = 'ours' | 'reference'

/** The command line that starts an engine of that kind on a config file. */
export function engineCommand(
  kind: EngineKind,
  configFile: string,
): { command: string; args: string[] } {
  if (kind === 'reference')
    return { command: referenceBinary, args: ['--no-update-check', '-c', configFile] }
  return {
    command: process.execPath,
    args: [ourEntry, '-c', configFile, '--log-level', 'warn', '--log-format', 'json'],
  }
}

export interface StartedEngine {
  kind: EngineKind
  child: Child
  config: SharedConfig
  url: string
}

/**
 * Spawns one engine on a fresh shared config in its own temp dir (each keeps a configuration store
 * there, which must not leak into the next start); resolves once its worker port accepts.
 */
export async function startEngine(
  scope: Scope,
  options: { kind: EngineKind; nodeArgs?: string[] },
): Promise<StartedEngine> {
  const dir = scope.tempDir(options.kind)
  const config = await writeSharedConfig(dir)
  const { command, args } = engineCommand(options.kind, config.file)
  const child = scope.spawn({
    label: `${options.kind} engine`,
    command,
    args: options.kind === 'ours' ? [...(options.nodeArgs ?? []), ...args] : args,
    entry: command,
    // The reference keeps its configuration store in `config/` under its working directory.
    cwd: dir,
    // The reference otherwise sends anonymous usage data.
    env: { III_TELEMETRY_ENABLED: 'false' },
  })
  await waitForPort(config.port, {
    timeoutMs: 60_000,
    intervalMs: 5,
    failed: () => child.exitReason(),
  })
  return { kind: options.kind, child, config, url: `ws://127.0.0.1:${config.port}` }
}
