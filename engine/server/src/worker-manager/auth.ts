import { type EngineCore, type Grant, parseGrant } from '@iii/core'
import { IIIError } from '@iii/protocol'

export interface AuthInput {
  headers: Record<string, string>
  query_params: Record<string, string[]>
  ip_address: string
}

/**
 * Runs the listener's auth function once per upgrade (PROTOCOL.md §11.1). Its result becomes
 * the connection's grant; an error, an empty result or a timeout rejects the connection.
 */
export async function authenticate(
  engine: EngineCore,
  input: AuthInput,
  { authFunctionId, timeoutMs }: { authFunctionId: string; timeoutMs: number },
): Promise<Grant> {
  let result: unknown
  try {
    result = await engine.router.call({
      functionId: authFunctionId,
      namespace: 'default',
      data: input,
      timeoutMs,
    })
  } catch (err) {
    throw new IIIError('AUTH_ERROR', `authentication failed: ${(err as Error).message}`)
  }
  return parseGrant(result)
}
