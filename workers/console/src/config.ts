import type { ConfigProblem } from '@iii/core'
import { type Static, Type } from '@sinclair/typebox'

export const ConsoleConfigSchema = Type.Object(
  {
    host: Type.String({ default: '127.0.0.1', description: 'Interface the console binds' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 3113 }),
    listener: Type.String({
      default: 'iii-worker-manager',
      description: 'Worker listener instance the console connects through (its RBAC grant applies)',
    }),
    engine_url: Type.Optional(
      Type.String({ description: 'Engine worker URL; overrides `listener` (ws://host:port)' }),
    ),
    auth_token: Type.Optional(
      Type.String({
        minLength: 16,
        description: 'Token a browser must present (Bearer or ?token=)',
      }),
    ),
    auth_function_id: Type.Optional(
      Type.String({ minLength: 1, description: 'Function deciding each browser request' }),
    ),
    engine_headers: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Headers on the console’s own engine connection (for the listener’s auth)',
      }),
    ),
    poll_interval_ms: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
    tail_interval_ms: Type.Integer({ minimum: 50, maximum: 10_000, default: 250 }),
    static_dir: Type.Optional(Type.String({ description: 'Directory of the built app' })),
  },
  { additionalProperties: false },
)
export type ConsoleConfig = Static<typeof ConsoleConfigSchema>

const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/

/** True for hosts only this machine can reach. */
export function isLoopback(host: string): boolean {
  return loopback.test(host)
}

/** A console reachable from other machines must authenticate its browsers. */
export function validateConsoleConfig(config: ConsoleConfig): ConfigProblem | undefined {
  if (isLoopback(config.host) || config.auth_token || config.auth_function_id) return undefined
  return {
    key: 'host',
    reason: `binding ${config.host} (not loopback) needs auth_token or auth_function_id`,
  }
}
