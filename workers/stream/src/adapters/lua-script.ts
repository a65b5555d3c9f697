import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

/** A Lua script run by its SHA1, sent in full only when Redis does not know it yet. */
export class LuaScript {
  private readonly sha: string

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  async run(client: Redis, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args)
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err
      return client.eval(this.source, keys.length, ...keys, ...args)
    }
  }
}

/** A script reply that is a bulk string or nil (`false` in Lua). */
export function textOrNull(reply: unknown, what: string): string | null {
  if (reply === null || typeof reply === 'string') return reply
  throw new Error(`unexpected redis reply for ${what}`)
}
