import { workloadNames } from './workload'

/** Where the engine keeps state, stream items and jobs. */
export type StoreChoice = { kind: 'file'; directory: string } | { kind: 'redis'; url: string }

function adapter(store: StoreChoice, sub: string): Record<string, unknown> {
  if (store.kind === 'redis') return { name: 'redis', config: { redis_url: store.url } }
  // An hour between compactions: nothing may wait for a timer to be durable.
  return {
    name: 'file',
    config: { file_path: `${store.directory}/${sub}`, save_interval_ms: 3_600_000 },
  }
}

/** Engine config (JSON is YAML): worker listener on `port`, state, stream and queue on `store`. */
export function crashEngineConfig(store: StoreChoice, port: number): string {
  const queue = {
    adapter: adapter(store, 'queue'),
    lease_ms: 1000,
    max_stalls: 100,
    queue_configs: {
      [workloadNames.queue]: { concurrency: 10, max_retries: 10, backoff_ms: 100 },
    },
  }
  return JSON.stringify({
    workers: [
      { name: 'iii-worker-manager', config: { port } },
      { name: 'iii-state', config: { adapter: adapter(store, 'state') } },
      { name: 'iii-stream', config: { port: 0, adapter: adapter(store, 'stream') } },
      { name: 'iii-queue', config: queue },
    ],
  })
}
