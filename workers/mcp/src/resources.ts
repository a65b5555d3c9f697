import type { McpBackend } from './backend'

/** The fixed resources: what an agent reads to see what happened. */
export const staticResources = [
  {
    uri: 'iii://traces/recent',
    name: 'recent-traces',
    title: 'Recent spans',
    description: 'The newest 50 spans (engine::traces::list).',
    mimeType: 'application/json',
  },
  {
    uri: 'iii://logs/recent',
    name: 'recent-logs',
    title: 'Recent logs',
    description: 'The newest 100 log records (engine::logs::list).',
    mimeType: 'application/json',
  },
  {
    uri: 'iii://traces/groups',
    name: 'trace-groups',
    title: 'Spans by function',
    description: 'Count, error rate and p50/p95/p99 per function (engine::traces::group_by).',
    mimeType: 'application/json',
  },
  {
    uri: 'iii://queues',
    name: 'queues',
    title: 'Queues and topics',
    description: 'Named queues and durable topics (engine::queue::list_topics).',
    mimeType: 'application/json',
  },
] as const

/** Templates: one trace as a tree, one queue's stats. */
export const resourceTemplates = [
  {
    uriTemplate: 'iii://traces/{trace_id}',
    name: 'trace',
    title: 'One trace',
    description: 'The spans of one trace, nested (engine::traces::tree).',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'iii://queues/{name}',
    name: 'queue-stats',
    title: 'One queue',
    description: 'Depth, consumers, DLQ depth and config (engine::queue::topic_stats).',
    mimeType: 'application/json',
  },
] as const

const fixed: Record<string, [string, unknown]> = {
  'iii://traces/recent': ['engine::traces::list', { limit: 50 }],
  'iii://logs/recent': ['engine::logs::list', { limit: 100 }],
  'iii://traces/groups': ['engine::traces::group_by', {}],
  'iii://queues': ['engine::queue::list_topics', {}],
}

/** The query behind a resource URI, or `undefined` for an unknown URI. */
export function queryOf(uri: string): [string, unknown] | undefined {
  const known = fixed[uri]
  if (known) return known
  const trace = /^iii:\/\/traces\/([0-9a-f]{32})$/.exec(uri)
  if (trace) return ['engine::traces::tree', { trace_id: trace[1] }]
  const queue = /^iii:\/\/queues\/([^/]+)$/.exec(uri)
  if (queue)
    return ['engine::queue::topic_stats', { topic: decodeURIComponent(queue[1] as string) }]
  return undefined
}

/** Reads one resource as JSON text. */
export async function readResource(backend: McpBackend, uri: string) {
  const query = queryOf(uri)
  if (!query) return undefined
  const value = await backend.read(query[0], query[1])
  return {
    contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
  }
}
