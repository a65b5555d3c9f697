import { waitFor } from '@iii/testing'
import type { RunningEngine } from 'iii-engine'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { RawClient } from '../../src/raw'

/** `ws://` address of an engine's stream listener. */
export function streamUrl(engine: RunningEngine): string {
  const address = engine.address('iii-stream')
  if (!address) throw new Error('iii-stream is not running')
  return `ws://127.0.0.1:${address.port}`
}

export interface JoinData {
  subscriptionId: string
  streamName: string
  groupId: string
  id?: string
}

/** A plain `ws` browser-protocol client, closed by the caller. */
export function connectStream(engine: RunningEngine, path = '/'): Promise<RawClient> {
  return RawClient.connect(streamUrl(engine), path)
}

/** Sends a join and resolves with the server's answer (`sync` or `unauthorized`). */
export function join(client: RawClient, data: JoinData): Promise<Record<string, any>> {
  client.send({ type: 'join', data })
  return client.next(
    (f) =>
      f.subscriptionId === data.subscriptionId && ['sync', 'unauthorized'].includes(f.event?.type),
  )
}

/** The next push of `type` for one subscription. */
export function nextPush(
  client: RawClient,
  subscriptionId: string,
  type: string,
  timeoutMs = 5000,
): Promise<Record<string, any>> {
  return client.next(
    (f) => f.subscriptionId === subscriptionId && f.event?.type === type,
    timeoutMs,
  )
}

/** A connected worker on our SDK; the caller shuts it down. */
export async function connectWorker(engine: RunningEngine): Promise<IIIWorker> {
  const worker = registerWorker(engine.url, { workerName: 'stream-e2e' })
  await worker.waitForConnection()
  return worker
}

/** Calls a function and resolves with the result, or with the error's `{code, message}`. */
export function call(worker: IIIWorker, functionId: string, payload: unknown): Promise<any> {
  return worker.trigger({ function_id: functionId, payload, timeoutMs: 10_000 })
}

/** Resolves with the rejection's error code. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    return (err as { code: string }).code
  }
  throw new Error('expected the call to fail')
}

/** Waits until a binding of `triggerType` targeting `functionId` reached its provider. */
export function bound(engine: RunningEngine, triggerType: string, functionId: string) {
  return waitFor(
    () =>
      engine.core.bindings
        .ofType(triggerType)
        .some((b) => b.function_id === functionId && b.provider !== null),
    {
      what: `${triggerType} binding for ${functionId}`,
    },
  )
}

/** Waits until a function is registered in `default`. */
export function registered(engine: RunningEngine, functionId: string) {
  return waitFor(() => engine.core.functions.get('default', functionId), {
    what: `function ${functionId}`,
  })
}

/** Every frame received so far for one subscription (after a settle wait, for "nothing else came" checks). */
export function framesFor(client: RawClient, subscriptionId: string): Record<string, any>[] {
  return client.frames.filter((f) => f.subscriptionId === subscriptionId)
}
