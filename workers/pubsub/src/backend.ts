/** Receives one published message: the `data` as published (after a JSON round trip). */
export type MessageHandler = (data: unknown) => void

/** Stops one subscription. */
export type Unsubscribe = () => Promise<void>

/**
 * The pub/sub adapter contract: best-effort fan-out, no persistence, no retries. Local and
 * Redis implement it with the same semantics; one conformance suite runs against each.
 */
export interface PubsubBackend {
  /** Adapter name, for logs. */
  readonly name: string
  /** Hands `data` to every subscription of `topic` (on every engine sharing the backend). */
  publish(topic: string, data: unknown): Promise<void>
  /** Resolves once messages of `topic` reach `handler`. Each call is its own subscription. */
  subscribe(topic: string, handler: MessageHandler): Promise<Unsubscribe>
  close(): Promise<void>
}

/** The wire form of a message: JSON, with `undefined` sent as `null`. */
export const encodeMessage = (data: unknown): string => JSON.stringify(data) ?? 'null'
