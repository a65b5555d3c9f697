/** Store queues of durable topics start with this; named queues may not (config check). */
export const durablePrefix = 'durable:'

const enc = encodeURIComponent

/** Where messages published while a topic has no subscriber wait (BUILTINS.md §9.3). */
export const holdingQueueOf = (topic: string) => `${durablePrefix}${enc(topic)}`

/** The store queue of one subscription: a distinct `(function_id, namespace)` on a topic. */
export const subscriptionQueueOf = (topic: string, namespace: string, functionId: string) =>
  `${durablePrefix}${enc(topic)}:${enc(namespace)}:${enc(functionId)}`

/** The topic of a durable store queue, and whether it is a subscription's queue. */
export function parseDurableQueue(
  queue: string,
): { topic: string; subscription: boolean } | undefined {
  if (!queue.startsWith(durablePrefix)) return undefined
  const parts = queue.slice(durablePrefix.length).split(':')
  try {
    return { topic: decodeURIComponent(parts[0] ?? ''), subscription: parts.length === 3 }
  } catch {
    return undefined
  }
}
