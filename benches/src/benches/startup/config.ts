import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from '@iii/testing'

/** A config with every default-on built-in worker of the catalogue, each listener on a free port. */
export async function writeDefaultsConfig(dir: string): Promise<{ file: string; port: number }> {
  const { workerCatalogue } = await import('iii-engine')
  const port = await freePort()
  const workers: { name: string; config: Record<string, unknown> }[] = [
    { name: 'iii-worker-manager', config: { port } },
  ]
  for (const def of workerCatalogue) {
    if (!def.defaultOn || def.name === 'iii-worker-manager') continue
    const properties =
      (def.configSchema as { properties?: Record<string, unknown> }).properties ?? {}
    workers.push({ name: def.name, config: 'port' in properties ? { port: await freePort() } : {} })
  }
  const file = join(dir, `startup-${port}.yaml`)
  writeFileSync(file, JSON.stringify({ workers }, null, 2))
  return { file, port }
}
