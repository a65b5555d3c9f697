import type { ChildProcess } from 'node:child_process'
import { statSync } from 'node:fs'
import type { Logger } from '@iii/core'
import { type ChildExit, describeSpawnError, signalGroup, spawnChild } from './child'
import { LineSplitter, LogBuffer, type OutputStream } from './log-buffer'
import type { ProcessLimits, ResolvedSpec } from './process-spec'

/**
 * `starting`/`running`: a child exists; `backoff`: waiting to restart after a crash; `exited`: ended
 * and not restarted (its policy, or a timeout); `crashed`: gave up after too many fast crashes;
 * `failed`: could not run at all (missing binary, bad cwd); `stopped`: stopped on request.
 */
export type ProcessState = 'running' | 'backoff' | 'exited' | 'crashed' | 'failed' | 'stopped'

export interface ProcessStatus {
  name: string
  state: ProcessState
  pid?: number
  command: string
  args: string[]
  cwd: string
  restarts: number
  started_at_ms?: number
  last_exit?: { code: number | null; signal: string | null; at_ms: number }
  error?: string
}

/** One supervised process: runs it, restarts it with backoff, gives up on a crash loop. */
export class ManagedProcess {
  readonly logs: LogBuffer
  private child: ChildProcess | undefined
  private state: ProcessState = 'stopped'
  private restarts = 0
  private fastCrashes = 0
  private startedAtMs: number | undefined
  private lastExit: ProcessStatus['last_exit']
  private error: string | undefined
  private timers: NodeJS.Timeout[] = []
  private exited: Promise<void> = Promise.resolve()
  private stopping = false
  private timedOut = false
  private outputBytes = 0

  constructor(
    readonly spec: ResolvedSpec,
    private readonly limits: ProcessLimits,
    private readonly logger: Logger,
  ) {
    this.logs = new LogBuffer(limits.logBufferLines)
  }

  status(): ProcessStatus {
    const s: ProcessStatus = {
      name: this.spec.name,
      state: this.state,
      command: this.spec.command,
      args: this.spec.args,
      cwd: this.spec.cwd,
      restarts: this.restarts,
    }
    if (this.child?.pid !== undefined && this.state === 'running') s.pid = this.child.pid
    if (this.startedAtMs !== undefined) s.started_at_ms = this.startedAtMs
    if (this.lastExit) s.last_exit = this.lastExit
    if (this.error) s.error = this.error
    return s
  }

  /** Starts the process (again): a crash loop's count starts over. */
  start(): void {
    this.clearTimers()
    this.stopping = false
    this.fastCrashes = 0
    this.error = undefined
    this.spawn()
  }

  /** SIGTERM to the process group, SIGKILL after the grace; resolves once it exited. */
  async stop(): Promise<void> {
    this.stopping = true
    this.clearTimers()
    const child = this.child
    if (!child) {
      this.state = 'stopped'
      return
    }
    signalGroup(child, 'SIGTERM')
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), this.limits.stopGraceMs)
    await this.exited
    clearTimeout(kill)
  }

  async restart(): Promise<void> {
    await this.stop()
    this.start()
  }

  private spawn(): void {
    const problem = this.checkCwd()
    if (problem) {
      this.fail(problem)
      return
    }
    this.timedOut = false
    this.outputBytes = 0
    const splitters = {
      stdout: new LineSplitter(this.limits.maxLineBytes, (l) => this.record('stdout', l)),
      stderr: new LineSplitter(this.limits.maxLineBytes, (l) => this.record('stderr', l)),
    }
    let resolveExited: () => void = () => {}
    this.exited = new Promise((r) => {
      resolveExited = r
    })
    this.child = spawnChild(this.spec, {
      onOutput: (stream, chunk) => this.output(splitters[stream], chunk),
      onExit: (exit) => {
        splitters.stdout.end()
        splitters.stderr.end()
        this.child = undefined
        this.onExit(exit)
        resolveExited()
      },
    })
    this.startedAtMs = Date.now()
    this.state = 'running'
    if (this.child.pid !== undefined)
      this.logger.info('process started', { process: this.spec.name, pid: this.child.pid })
    if (this.spec.timeoutMs !== undefined)
      this.timers.push(setTimeout(() => this.onTimeout(), this.spec.timeoutMs))
  }

  private checkCwd(): string | undefined {
    try {
      if (!statSync(this.spec.cwd).isDirectory()) return `cwd is not a directory: ${this.spec.cwd}`
    } catch {
      return `cwd does not exist: ${this.spec.cwd}`
    }
    return undefined
  }

  /**
   * Feeds output to its splitter up to the run's byte cap. The chunk that crosses the cap is cut at
   * the cap (a read may hold every line a process wrote), its last partial line flushed, and one
   * notice recorded after it; later output is dropped.
   */
  private output(splitter: LineSplitter, chunk: string): void {
    if (this.outputBytes > this.limits.maxOutputBytes) return
    const bytes = Buffer.from(chunk)
    const room = this.limits.maxOutputBytes - this.outputBytes
    this.outputBytes += bytes.length
    if (bytes.length <= room) {
      splitter.write(chunk)
      return
    }
    splitter.write(bytes.subarray(0, room).toString())
    splitter.end()
    this.record(
      'exec',
      `[output capped at ${this.limits.maxOutputBytes} bytes for this run; the rest is dropped]`,
    )
  }

  private record(stream: OutputStream, line: string): void {
    this.logs.push(stream, line)
    this.logger.info(line, { process: this.spec.name, stream })
  }

  private onTimeout(): void {
    const child = this.child
    if (!child) return
    this.timedOut = true
    this.record('exec', `[timed out after ${this.spec.timeoutMs} ms; stopping]`)
    signalGroup(child, 'SIGTERM')
    this.timers.push(setTimeout(() => signalGroup(child, 'SIGKILL'), this.limits.stopGraceMs))
  }

  private onExit(exit: ChildExit): void {
    this.clearTimers()
    if (exit.spawnError) {
      this.fail(describeSpawnError(this.spec, exit.spawnError))
      return
    }
    this.lastExit = { code: exit.code, signal: exit.signal, at_ms: Date.now() }
    if (this.stopping) {
      this.state = 'stopped'
      return
    }
    if (this.timedOut) {
      this.error = `timed out after ${this.spec.timeoutMs} ms`
      this.state = 'exited'
      this.logger.warn('process timed out', {
        process: this.spec.name,
        timeout_ms: this.spec.timeoutMs,
      })
      return
    }
    const clean = exit.code === 0
    const policy = this.spec.restart
    if (policy === 'never' || (clean && policy === 'on-failure')) {
      this.state = 'exited'
      const log = clean ? this.logger.info : this.logger.warn
      log.call(this.logger, 'process exited', {
        process: this.spec.name,
        code: exit.code,
        signal: exit.signal,
      })
      return
    }
    this.onCrash(exit)
  }

  private onCrash(exit: ChildExit): void {
    const ranMs = Date.now() - (this.startedAtMs ?? 0)
    this.fastCrashes = ranMs < this.limits.fastCrashMs ? this.fastCrashes + 1 : 0
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`
    if (this.fastCrashes >= this.limits.maxFastCrashes) {
      const stderr = this.logs.tail('stderr', 5).join(' | ')
      this.error = `crash loop: exited ${this.fastCrashes} times within ${this.limits.fastCrashMs} ms of starting (last: ${how}); not restarting${stderr ? `; stderr: ${stderr}` : ''}`
      this.state = 'crashed'
      this.logger.error('process keeps crashing; giving up', {
        process: this.spec.name,
        reason: this.error,
      })
      return
    }
    const delayMs = Math.min(
      this.limits.backoffInitialMs * 2 ** Math.max(0, this.fastCrashes - 1),
      this.limits.backoffMaxMs,
    )
    this.state = 'backoff'
    this.logger.warn('process exited; restarting', {
      process: this.spec.name,
      how,
      delay_ms: delayMs,
    })
    this.timers.push(
      setTimeout(() => {
        this.restarts++
        this.spawn()
      }, delayMs),
    )
  }

  private fail(reason: string): void {
    this.error = reason
    this.state = 'failed'
    this.logger.error('process cannot run', { process: this.spec.name, reason })
  }

  private clearTimers(): void {
    for (const t of this.timers.splice(0)) clearTimeout(t)
  }
}
