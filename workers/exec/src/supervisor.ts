import { isDeepStrictEqual } from 'node:util'
import type { Logger } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { ManagedProcess, type ProcessStatus } from './managed-process'
import type { ProcessLimits, ResolvedSpec } from './process-spec'
import { watchGlobs } from './watch'

interface Entry {
  process: ManagedProcess
  unwatch: () => void
}

/** The processes of one exec instance, by name; `apply` starts, stops or restarts only what changed. */
export class Supervisor {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private limits: ProcessLimits,
    private readonly logger: Logger,
  ) {}

  /** Brings the running set in line with `specs`; unchanged processes keep running. */
  async apply(specs: ResolvedSpec[], limits: ProcessLimits): Promise<void> {
    const limitsChanged = !isDeepStrictEqual(limits, this.limits)
    this.limits = limits
    const next = new Map(specs.map((s) => [s.name, s]))
    const stops: Promise<void>[] = []
    for (const [name, entry] of this.entries) {
      const spec = next.get(name)
      if (spec && !limitsChanged && isDeepStrictEqual(spec, entry.process.spec)) continue
      stops.push(this.remove(name))
    }
    await Promise.all(stops)
    for (const spec of specs) if (!this.entries.has(spec.name)) this.add(spec)
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((name) => this.remove(name)))
  }

  list(): ProcessStatus[] {
    return [...this.entries.values()]
      .map((e) => e.process.status())
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  get(name: string): ManagedProcess {
    const entry = this.entries.get(name)
    if (!entry) {
      const known = [...this.entries.keys()].join(', ') || 'none'
      throw new IIIError('NOT_FOUND', `no process named ${name}; running processes: ${known}`)
    }
    return entry.process
  }

  private add(spec: ResolvedSpec): void {
    const process = new ManagedProcess(spec, this.limits, this.logger)
    const unwatch =
      spec.watch.length === 0
        ? () => {}
        : watchGlobs({
            dir: spec.cwd,
            globs: spec.watch,
            debounceMs: 500,
            onChange: (path) => {
              this.logger.info('file changed; restarting', { process: spec.name, path })
              void process.restart()
            },
            onError: (err) =>
              this.logger.warn('cannot watch files', {
                process: spec.name,
                dir: spec.cwd,
                reason: err.message,
              }),
          })
    this.entries.set(spec.name, { process, unwatch })
    process.start()
  }

  private async remove(name: string): Promise<void> {
    const entry = this.entries.get(name)
    if (!entry) return
    this.entries.delete(name)
    entry.unwatch()
    await entry.process.stop()
  }
}
