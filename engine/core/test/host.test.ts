import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import {
  type BuiltinConfigInfo,
  EngineCore,
  silentLogger,
  type WorkerDefinition,
  WorkerHost,
} from '../src/index'

interface EchoConfig {
  label: string
}

/** A worker that registers `echo::<label>` and refuses to start with the label `broken`. */
const echoWorker: WorkerDefinition<EchoConfig> = {
  name: 'echo',
  configSchema: Type.Object({ label: Type.String() }),
  create(config) {
    if (config.label === 'unbuildable') throw new Error('cannot build this one')
    return {
      start(ctx) {
        if (config.label === 'broken') throw new Error('refuses to start')
        ctx.registerFunction({ id: `echo::${config.label}` }, (data) => data)
      },
      stop() {},
    }
  },
}

function hostWithEvents() {
  const core = new EngineCore({ logger: silentLogger })
  const host = new WorkerHost(core)
  const events: string[] = []
  core.events.on('builtin:configured', (info: BuiltinConfigInfo) =>
    events.push(`configured ${info.name} ${JSON.stringify(info.config)}`),
  )
  core.events.on('builtin:stopped', ({ name }) => events.push(`stopped ${name}`))
  return { core, host, events }
}

describe('WorkerHost', () => {
  it('reports starts, restarts and stops with the config each instance runs', async () => {
    const { core, host, events } = hostWithEvents()
    await host.start('echo', echoWorker, { label: 'a' })
    await host.restart('echo', { label: 'b' })
    expect(core.functions.get('default', 'echo::a')).toBeUndefined()
    expect(core.functions.get('default', 'echo::b')).toBeDefined()
    expect(host.configOf('echo')).toEqual({ label: 'b' })
    expect(host.definitionOf('echo')).toBe(echoWorker)
    await host.stop('echo')
    await host.stop('echo')
    expect(events).toEqual([
      'configured echo {"label":"a"}',
      'configured echo {"label":"b"}',
      'stopped echo',
    ])
    await expect(host.restart('echo', { label: 'c' })).rejects.toThrow(/not running/)
  })

  it('a restart that cannot start runs the previous config again and rethrows', async () => {
    const { core, host, events } = hostWithEvents()
    await host.start('echo', echoWorker, { label: 'a' })
    const workersBefore = core.workers.size
    for (const label of ['broken', 'unbuildable']) {
      await expect(host.restart('echo', { label })).rejects.toThrow(
        label === 'broken' ? /refuses to start/ : /cannot build/,
      )
      expect(host.configOf('echo')).toEqual({ label: 'a' })
      expect(core.functions.get('default', 'echo::a')).toBeDefined()
      expect(core.workers.size).toBe(workersBefore)
    }
    expect(events).toEqual(['configured echo {"label":"a"}'])
  })
})
