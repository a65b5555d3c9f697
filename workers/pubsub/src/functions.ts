import { type BuiltinHandler, parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import type { PubsubBackend } from './backend'

export const PublishInput = Type.Object({
  topic: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  data: Type.Optional(Type.Unknown()),
})

/** `publish {topic, data}` → no result, as the reference (BUILTINS.md §7). */
export function publishHandler(backend: PubsubBackend): BuiltinHandler {
  return async (d) => {
    const { topic, data } = parseInput(PublishInput, d)
    if (!topic) throw new IIIError('topic_not_set', 'publish needs a non-empty topic')
    try {
      await backend.publish(topic, data ?? null)
    } catch (err) {
      throw new IIIError(
        'publish_failed',
        `publish to ${topic} failed: ${(err as Error).message}`,
        { cause: err },
      )
    }
    return undefined
  }
}
