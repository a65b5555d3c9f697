import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tsNodeArgs } from '@iii/testing'

/** The repository root: children run from here so `engine/server/...` paths resolve. */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..')
/** `benches/src`: bench entry points are given relative to it. */
export const srcDir = resolve(repoRoot, 'benches/src')

/** Lines a child prints to report to the runner: `@@bench {json}`; anything else is log noise. */
export const messagePrefix = '@@bench '

export type Message = Record<string, unknown> & { type: string }

export interface SpawnOptions {
  /** A `.ts` entry under benches/src (run with tsx from source), or a command when `command` is set. */
  entry: string
  args?: string[]
  /** Node flags placed before the entry (`--cpu-prof`, …). */
  nodeArgs?: string[]
  /** Run `command args` as is instead of `node <ts entry>`. */
  command?: string
  env?: NodeJS.ProcessEnv
  /** A label for errors. */
  label?: string
  /** Working directory. @default the repository root */
  cwd?: string
}

const tailBytes = 4000
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of terminal colour codes
const ansiEscape = /\u001b\[[0-9;]*m/g

const live = new Set<Child>()

/** Signals every child still running (the runner was interrupted); they lead their own groups. */
export function signalAllChildren(signal: NodeJS.Signals): void {
  for (const child of live) child.signalGroup(signal)
}

/** A child process that reports through `@@bench` JSON lines. */
export class Child {
  readonly label: string
  private readonly proc: ChildProcess
  private readonly inbox: Message[] = []
  private readonly waiters = new Set<() => void>()
  private tail = ''
  private partial = ''
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
  private readonly exited: Promise<void>

  constructor(options: SpawnOptions) {
    this.label = options.label ?? options.entry
    const command = options.command ?? process.execPath
    const args = options.command
      ? (options.args ?? [])
      : [
          ...(options.nodeArgs ?? []),
          ...tsNodeArgs(),
          resolve(srcDir, options.entry),
          ...(options.args ?? []),
        ]
    this.proc = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, OTEL_ENABLED: 'false', III_SDK_DEBUG: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    })
    // A command to a child that already exited must not crash the runner (EPIPE).
    this.proc.stdin?.on('error', () => {})
    this.proc.stdout?.setEncoding('utf8').on('data', (text: string) => this.onStdout(text))
    this.proc.stderr?.setEncoding('utf8').on('data', (text: string) => this.keep(text))
    live.add(this)
    this.exited = new Promise((done) => {
      this.proc.once('error', (err) => {
        this.keep(`spawn error: ${err.message}\n`)
        this.exit ??= { code: -1, signal: null }
        live.delete(this)
        this.wake()
        done()
      })
      // 'close', not 'exit': stdout may still hold messages when 'exit' fires.
      this.proc.once('close', (code, signal) => {
        this.exit = { code, signal }
        live.delete(this)
        this.wake()
        done()
      })
    })
  }

  get pid(): number | undefined {
    return this.proc.pid
  }

  /** Why the child is gone, or undefined while it runs. */
  exitReason(): string | undefined {
    if (!this.exit) return undefined
    return `${this.label} exited (${this.exit.code ?? this.exit.signal}):\n${this.output()}`
  }

  /** The last few KB of the child's output, for error messages. */
  output(): string {
    return this.tail.trim()
  }

  /** Resolves with the oldest unread message of `type` (or of any of the types). */
  async next(type: string | string[], timeoutMs = 60_000): Promise<Message> {
    const types = Array.isArray(type) ? type : [type]
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.inbox.findIndex((m) => types.includes(m.type) || m.type === 'error')
      if (index >= 0) {
        const [message] = this.inbox.splice(index, 1) as [Message]
        if (message.type === 'error') throw new Error(`${this.label}: ${String(message.message)}`)
        return message
      }
      if (this.exit)
        throw new Error(
          `${this.label} exited (${this.exit.code ?? this.exit.signal}) before "${type}":\n${this.output()}`,
        )
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`${this.label}: no "${type}" within ${timeoutMs} ms:\n${this.output()}`)
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left)
        this.waiters.add(() => {
          clearTimeout(timer)
          wake()
        })
      })
    }
  }

  /** Sends one command line (JSON) to the child's stdin; see `commands()` in child-io. */
  command(message: Record<string, unknown>): void {
    this.proc.stdin?.write(`${JSON.stringify(message)}\n`)
  }

  /** Reads `measurement` messages until `done`. */
  async collect(timeoutMs = 180_000): Promise<Message[]> {
    const out: Message[] = []
    for (;;) {
      const message = await this.next(['measurement', 'done'], timeoutMs)
      if (message.type === 'done') return out
      out.push(message)
    }
  }

  /** Resolves when the child has exited, with its code (or -1 when killed by a signal). */
  async waitExit(): Promise<number> {
    await this.exited
    return this.exit?.code ?? -1
  }

  /** SIGTERM to the child's process group, SIGKILL after `graceMs`; resolves once it exited. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exit || this.proc.pid === undefined) return
    this.signalGroup('SIGTERM')
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs)
    await this.exited
    clearTimeout(timer)
  }

  /** Signals the child's process group. */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.proc.pid
    if (pid === undefined || this.exit) return
    try {
      // The child leads its own group (detached): this reaches the grandchildren `pnpm` starts.
      process.kill(-pid, signal)
    } catch {
      // already gone
    }
  }

  private onStdout(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.startsWith(messagePrefix)) {
        this.keep(`${line}\n`)
        continue
      }
      try {
        this.inbox.push(JSON.parse(line.slice(messagePrefix.length)) as Message)
      } catch {
        this.keep(`${line}\n`)
      }
    }
    this.wake()
  }

  private keep(text: string): void {
    // Colour codes from tools (turbo, tsdown) only garble error messages.
    this.tail = (this.tail + text.replace(ansiEscape, '')).slice(-tailBytes)
  }

  private wake(): void {
    const waiters = [...this.waiters]
    this.waiters.clear()
    for (const wake of waiters) wake()
  }
}
