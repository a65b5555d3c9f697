import type { TSchema } from '@sinclair/typebox'

/** A running built-in worker instance and the configuration it runs with (BUILTINS.md §0.2). */
export interface BuiltinConfigInfo {
  /** Instance name: `iii-state`, `iii-worker-manager#1`, … */
  name: string
  /** The worker's config schema (a TypeBox schema, which is a JSON Schema object). */
  schema: TSchema
  /** The effective config: the config-file block with defaults applied, or the last runtime change. */
  config: unknown
  /** Where it listens, for a worker that serves a port (the bound port, not the configured 0). */
  address?: { host: string; port: number }
}

/**
 * What the server lets the `configuration` worker see and change of the built-in workers'
 * configurations. Provided in the engine's `builtinConfigs` slot by whoever runs the `WorkerHost`, so a
 * worker never imports the server.
 */
export interface BuiltinConfigControl {
  /** Every running built-in instance with its schema and effective config, in start order. */
  list(): BuiltinConfigInfo[]
  /**
   * Validates `config` against the instance's schema (defaults applied) and restarts the instance
   * with it. Rejects with an `IIIError` (`SCHEMA_INVALID`, `APPLY_FAILED`, `NOT_REGISTERED`); the
   * previous config keeps running then. Resolves with the effective config now running.
   */
  reconfigure(instanceName: string, config: unknown): Promise<unknown>
}
