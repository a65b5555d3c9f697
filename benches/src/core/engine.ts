import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from '@iii/testing'
import type { Child } from './child'
import type { Scope } from './scope'
import { waitForPort } from './tcp'

/** One `workers:` entry of an engine config. */
export interface WorkerEntry {
  name: string
  config?: Record<string, unknown>
}

export interface EngineProcessOptions {
  /** Built-in workers besides the worker listener (which is always added, on a free port). */
  workers?: WorkerEntry[]
  /** Node flags for the engine process (`--cpu-prof`, …). */
  nodeArgs?: string[]
  label?: string
}

export interface EngineProcess {
  readonly child: Child
  readonly port: number
  readonly url: string
}

/**
 * Starts `iii -c <config>` as its own process, from the TypeScript source (tsx), and resolves once
 * its worker port accepts a connection (the engine opens it after every built-in worker started).
 * The config lists only the workers the bench needs, so nothing else competes for the CPU.
 */
export async function startEngineProcess(
  scope: Scope,
  options: EngineProcessOptions = {},
): Promise<EngineProcess> {
  const port = await freePort()
  const dir = scope.tempDir('engine')
  const file = join(dir, 'config.yaml')
  const workers = [{ name: 'iii-worker-manager', config: { port } }, ...(options.workers ?? [])]
  // JSON is YAML: no quoting rules to get wrong.
  writeFileSync(file, JSON.stringify({ workers }, null, 2))
  const child = scope.spawn({
    label: options.label ?? 'engine',
    entry: '../../engine/server/src/cli.ts',
    args: ['-c', file, '--log-level', 'warn', '--log-format', 'json'],
    nodeArgs: options.nodeArgs,
  })
  await waitForPort(port, { timeoutMs: 60_000, intervalMs: 20, failed: () => child.exitReason() })
  return { child, port, url: `ws://127.0.0.1:${port}` }
}
