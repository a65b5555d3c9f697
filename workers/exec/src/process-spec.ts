import { isAbsolute, resolve } from 'node:path'
import { type ExecConfig, type ProcessSpec, pipelineName } from './config'

/** A process spec with paths resolved and defaults applied. */
export interface ResolvedSpec {
  name: string
  command: string
  args: string[]
  cwd: string
  env: Record<string, string>
  watch: string[]
  shell: boolean
  restart: 'always' | 'on-failure' | 'never'
  timeoutMs?: number
}

/** Limits shared by every process of one exec instance. */
export interface ProcessLimits {
  stopGraceMs: number
  backoffInitialMs: number
  backoffMaxMs: number
  fastCrashMs: number
  maxFastCrashes: number
  logBufferLines: number
  maxLineBytes: number
  maxOutputBytes: number
}

export function resolveSpec(spec: ProcessSpec, baseDir: string): ResolvedSpec {
  const cwd =
    spec.cwd === undefined ? baseDir : isAbsolute(spec.cwd) ? spec.cwd : resolve(baseDir, spec.cwd)
  return {
    name: spec.name,
    command: spec.command,
    args: spec.args ?? [],
    cwd,
    env: spec.env ?? {},
    watch: spec.watch ?? [],
    shell: spec.shell ?? false,
    restart: spec.restart ?? 'on-failure',
    timeoutMs: spec.timeout_ms,
  }
}

/** Every process of a config: its `processes`, plus the reference `exec` pipeline as one shell process. */
export function resolveSpecs(config: ExecConfig, fallbackDir: string): ResolvedSpec[] {
  const baseDir = config.base_dir ? resolve(fallbackDir, config.base_dir) : fallbackDir
  const specs = config.processes.map((p) => resolveSpec(p, baseDir))
  if (config.exec) {
    // Each command but the last must exit 0; the last is kept running (BUILTINS.md §12).
    const command = config.exec.map((c) => `(${c})`).join(' && ')
    specs.push(
      resolveSpec(
        { name: pipelineName, command, shell: true, watch: config.watch, restart: 'on-failure' },
        baseDir,
      ),
    )
  }
  return specs
}

export function limitsOf(config: ExecConfig): ProcessLimits {
  return {
    stopGraceMs: config.stop_grace_ms,
    backoffInitialMs: config.backoff_initial_ms,
    backoffMaxMs: config.backoff_max_ms,
    fastCrashMs: config.fast_crash_ms,
    maxFastCrashes: config.max_fast_crashes,
    logBufferLines: config.log_buffer_lines,
    maxLineBytes: config.max_line_bytes,
    maxOutputBytes: config.max_output_bytes,
  }
}
