import type { ConfigProblem } from '@iii/core'
import { type Static, Type } from '@sinclair/typebox'

/** Names of processes: used in function inputs and log tags. */
const processName = Type.String({
  pattern: '^[A-Za-z0-9_.-]{1,64}$',
  description: 'Unique name of the process',
})

export const ProcessSpecSchema = Type.Object(
  {
    name: processName,
    command: Type.String({
      minLength: 1,
      description: 'Executable (looked up on PATH), or a shell line when `shell` is true',
    }),
    args: Type.Optional(
      Type.Array(Type.String(), { description: 'Arguments, passed as they are (no shell)' }),
    ),
    cwd: Type.Optional(Type.String({ description: 'Working directory; relative to `base_dir`' })),
    env: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Added to the engine environment' }),
    ),
    watch: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Globs (relative to cwd); a change restarts the process',
      }),
    ),
    shell: Type.Optional(
      Type.Boolean({ default: false, description: 'Run `command` through `sh -c`' }),
    ),
    restart: Type.Optional(
      Type.Union([Type.Literal('always'), Type.Literal('on-failure'), Type.Literal('never')], {
        default: 'on-failure',
        description: 'When an exited process is started again',
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Kill the process after this long (one-shot commands)',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ProcessSpec = Static<typeof ProcessSpecSchema>

export const ExecConfigSchema = Type.Object(
  {
    processes: Type.Array(ProcessSpecSchema, { default: [] }),
    /** The reference form (BUILTINS.md §12): shell commands run in order, the last kept running. */
    exec: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    watch: Type.Optional(Type.Array(Type.String())),
    base_dir: Type.Optional(
      Type.String({ description: 'Directory relative paths resolve against' }),
    ),
    stop_grace_ms: Type.Integer({ minimum: 0, default: 3000 }),
    backoff_initial_ms: Type.Integer({ minimum: 1, default: 250 }),
    backoff_max_ms: Type.Integer({ minimum: 1, default: 10_000 }),
    fast_crash_ms: Type.Integer({ minimum: 1, default: 5000 }),
    max_fast_crashes: Type.Integer({ minimum: 1, default: 5 }),
    log_buffer_lines: Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 }),
    max_line_bytes: Type.Integer({ minimum: 64, default: 8192 }),
    max_output_bytes: Type.Integer({ minimum: 1024, default: 16 * 1024 * 1024 }),
  },
  { additionalProperties: false },
)
export type ExecConfig = Static<typeof ExecConfigSchema>

/** Name of the process the reference `exec` pipeline runs as. */
export const pipelineName = 'pipeline'

/** Duplicate names are the one problem the schema cannot see. */
export function validateExecConfig(config: ExecConfig): ConfigProblem | undefined {
  const seen = new Set<string>()
  for (const [i, spec] of config.processes.entries()) {
    if (seen.has(spec.name))
      return { key: `processes[${i}].name`, reason: `duplicate process name "${spec.name}"` }
    seen.add(spec.name)
  }
  if (config.exec && seen.has(pipelineName))
    return { key: 'exec', reason: `a process is already named "${pipelineName}"` }
  if (config.watch && !config.exec)
    return {
      key: 'watch',
      reason: 'watch at the top level applies to exec; give processes their own watch',
    }
  return undefined
}
