import type { CallInfo, WorkerContext } from '@iii/core'

/** Operations a worker may take over for one stream (BUILTINS.md §6.1, custom storage). */
export type DelegatedOp = 'set' | 'get' | 'delete' | 'list' | 'list_groups' | 'update'

/** `stream::set(<stream_name>)` and its siblings. */
export const delegateId = (op: DelegatedOp, stream: string) => `stream::${op}(${stream})`

const listGroupsPattern = /^stream::list_groups\((.+)\)$/

/**
 * Finds and calls the functions a worker registered to store a stream itself (the Node SDK's
 * `createStream`). Looked up on every call, so registering or leaving takes effect at once.
 */
export class CustomStorage {
  constructor(private readonly ctx: WorkerContext) {}

  has(op: DelegatedOp, stream: string): boolean {
    return this.ctx.lookupFunction(delegateId(op, stream), 'default') !== undefined
  }

  /** Calls the delegate with the caller's trace context. Rejects with an `IIIError`. */
  call(
    { op, stream }: { op: DelegatedOp; stream: string },
    input: object,
    call?: CallInfo,
  ): Promise<unknown> {
    return this.ctx.invoke({
      functionId: delegateId(op, stream),
      namespace: 'default',
      data: input,
      traceparent: call?.traceparent,
      baggage: call?.baggage,
    })
  }

  /** Streams whose groups a worker lists itself, for `stream::list_all`. */
  streams(): string[] {
    const names: string[] = []
    for (const fn of this.ctx.listFunctions()) {
      const match = fn.namespace === 'default' ? listGroupsPattern.exec(fn.id) : null
      if (match?.[1]) names.push(match[1])
    }
    return names
  }
}
