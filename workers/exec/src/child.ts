import { type ChildProcess, spawn } from 'node:child_process'
import type { ResolvedSpec } from './process-spec'

export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** Set when the process never ran (missing binary, not executable). */
  spawnError?: NodeJS.ErrnoException
}

export interface ChildHandlers {
  onOutput(stream: 'stdout' | 'stderr', chunk: string): void
  onExit(exit: ChildExit): void
}

/**
 * Spawns one process in its own process group (so a stop reaches its children too), without a
 * shell unless the spec asks for one. `onExit` is called exactly once.
 */
export function spawnChild(spec: ResolvedSpec, handlers: ChildHandlers): ChildProcess {
  const [file, args] = spec.shell
    ? ['/bin/sh', ['-c', spec.command, spec.name, ...spec.args]]
    : [spec.command, spec.args]
  const child = spawn(file, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let done = false
  const finish = (exit: ChildExit) => {
    if (done) return
    done = true
    handlers.onExit(exit)
  }
  child.stdout?.setEncoding('utf8').on('data', (d: string) => handlers.onOutput('stdout', d))
  child.stderr?.setEncoding('utf8').on('data', (d: string) => handlers.onOutput('stderr', d))
  child.on('error', (err: NodeJS.ErrnoException) => {
    // An error after the process ran (a failed kill) is not an exit.
    if (child.pid === undefined) finish({ code: null, signal: null, spawnError: err })
  })
  child.on('exit', (code, signal) => finish({ code, signal }))
  return child
}

/** Signals the child's whole process group; false when it is already gone. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false
  try {
    process.kill(-child.pid, signal)
    return true
  } catch {
    try {
      return child.kill(signal)
    } catch {
      return false
    }
  }
}

/** Why a process could not run, in words a user can act on. */
export function describeSpawnError(spec: ResolvedSpec, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT')
    return `command not found: ${spec.command} (not on PATH and not a file under ${spec.cwd})`
  if (err.code === 'EACCES') return `command is not executable: ${spec.command}`
  return `cannot start ${spec.command}: ${err.message}`
}
