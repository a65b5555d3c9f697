import type { ArgsDef } from 'citty'
import { CliError } from './errors'
import { triggerFunction } from './trigger'

/** The flags every command that talks to a running engine takes. */
export const connectionArgs = {
  address: { type: 'string', default: '127.0.0.1', description: 'Engine host' },
  port: { type: 'string', default: '49134', description: 'Worker listener port' },
} as const satisfies ArgsDef

export interface Connection {
  address: string
  port: number
}

/** Checks `--port`/`--address`; a bad port is a usage error (exit 2). */
export function connectionOf(args: { address: string; port: string }): Connection {
  const port = Number(args.port)
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new CliError(`--port must be 1..65535, got ${args.port}`, 2)
  return { address: args.address, port }
}

/** A positive number of milliseconds from a flag, or a usage error naming the flag. */
export function millisOf(flag: string, value: string): number {
  const ms = Number(value)
  if (!Number.isFinite(ms) || ms <= 0)
    throw new CliError(`--${flag} must be a positive number, got ${value}`, 2)
  return ms
}

/** Calls one function on the engine and resolves with its result. */
export function call<T>(
  connection: Connection & { timeoutMs?: number },
  functionId: string,
  payload: unknown,
): Promise<T> {
  const { timeoutMs = 30_000 } = connection
  return triggerFunction({ ...connection, functionId, payload, timeoutMs }) as Promise<T>
}

/** Writes a value as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
