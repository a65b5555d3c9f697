import * as ours from 'iii-sdk'
import * as published from 'iii-sdk-published'

/** The surface both SDKs share; conformance scenarios only use this. */
export interface ClientWorker {
  registerFunction(
    id: string,
    handler: (data: any, metadata?: unknown) => Promise<unknown>,
    options?: Record<string, unknown>,
  ): { id: string; unregister(): void }
  registerTrigger(input: {
    type: string
    function_id: string
    config: unknown
    metadata?: unknown
  }): { unregister(): void }
  registerTriggerType(
    input: { id: string; description: string },
    handler: {
      registerTrigger(t: { id: string; function_id: string; config: any }): Promise<void>
      unregisterTrigger(t: { id: string; function_id: string; config: any }): Promise<void>
    },
  ): unknown
  trigger(request: {
    function_id: string
    payload: unknown
    action?: unknown
    timeoutMs?: number
  }): Promise<any>
  shutdown(): Promise<void>
}

export interface Client {
  name: string
  /** The client's name in tests/conformance/scenarios.json. */
  listName: string
  connect(url: string, options?: { workerName?: string; fastReconnect?: boolean }): ClientWorker
  Void(): unknown
  Enqueue(queue: string): unknown
}

const fast = { initialDelayMs: 50, maxDelayMs: 300 }

export const clients: Client[] = [
  {
    name: 'iii-sdk (ours)',
    listName: 'iii-sdk',
    connect: (url, o = {}) =>
      ours.registerWorker(url, {
        workerName: o.workerName,
        reconnectionConfig: o.fastReconnect ? fast : undefined,
      }) as unknown as ClientWorker,
    Void: () => ours.TriggerAction.Void(),
    Enqueue: (queue) => ours.TriggerAction.Enqueue({ queue }),
  },
  {
    name: 'iii-sdk@0.22.1 (published)',
    listName: 'iii-sdk-published',
    connect: (url, o = {}) =>
      published.registerWorker(url, {
        workerName: o.workerName,
        reconnectionConfig: o.fastReconnect ? fast : undefined,
        otel: { enabled: false },
      }) as unknown as ClientWorker,
    Void: () => published.TriggerAction.Void(),
    Enqueue: (queue) => published.TriggerAction.Enqueue({ queue }),
  },
]
