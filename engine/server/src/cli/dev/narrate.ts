import type { Binding, FunctionEntry, WorkerRecord } from '@iii/core'
import type { RunningEngine } from '../../engine'

/** How `iii dev` writes its own lines and colours worker names. */
export interface NarrateOptions {
  say: (line: string) => void
  paint: (name: string, text: string) => string
}

const ownerName = (owner: WorkerRecord | null | undefined) => owner?.name ?? 'engine'

/** `route GET /hello → hello::greet` for HTTP bindings, `trigger cron → hello::tick` otherwise. */
export function describeBinding(b: Binding): string {
  const config = (b.config ?? {}) as { api_path?: unknown; http_method?: unknown }
  if (b.trigger_type === 'http' && typeof config.api_path === 'string') {
    const method = typeof config.http_method === 'string' ? config.http_method : 'GET'
    const path = config.api_path.startsWith('/') ? config.api_path : `/${config.api_path}`
    return `route ${method.toUpperCase()} ${path} → ${b.function_id}`
  }
  return `trigger ${b.trigger_type} → ${b.function_id}`
}

/**
 * Lines for `iii dev`: each worker that connects or leaves, each function it registers, each
 * route and trigger bound, and each binding parked because no worker provides its trigger type.
 */
export function narrate(engine: RunningEngine, { say, paint }: NarrateOptions): void {
  const who = (w: WorkerRecord | null | undefined) => paint(ownerName(w), ownerName(w))
  const { events } = engine.core
  events.on('worker:updated', (w) => {
    if (w.kind === 'session') say(`worker ${who(w)} connected (pid ${w.meta.pid ?? '?'})`)
  })
  events.on('worker:disconnected', (w) => {
    if (w.kind === 'session') say(`worker ${who(w)} disconnected`)
  })
  events.on('function:added', (f: FunctionEntry) => {
    if (f.owner.kind === 'session') say(`function ${f.id} (${who(f.owner)})`)
  })
  events.on('binding:added', ({ binding, status, error }) => {
    if (binding.owner?.kind !== 'session') return
    const line = `${describeBinding(binding)} (${who(binding.owner)})`
    if (status === 'active') return say(line)
    if (status === 'refused') return say(`${line} refused: ${error ?? 'by its provider'}`)
    say(
      error
        ? `${line} parked: its provider refused it: ${error}`
        : `${line} parked: no worker provides trigger type ${binding.trigger_type} yet (add the worker that does to config.yaml)`,
    )
  })
}
