import { IIIError } from '@iii/protocol'

/** Configuration ids (BUILTINS.md §13). */
export const idPattern = /^[a-z0-9_-]{1,64}$/

/** Throws `INVALID_ID` unless `id` matches `[a-z0-9_-]{1,64}`. */
export function checkId(id: string): void {
  if (!idPattern.test(id))
    throw new IIIError(
      'INVALID_ID',
      `invalid configuration id ${JSON.stringify(id)}: use [a-z0-9_-]{1,64}`,
    )
}

/**
 * The entry id of a built-in worker instance: its instance name, with `#` (not allowed in ids)
 * turned into `-`, so `iii-worker-manager#1` is `iii-worker-manager-1`.
 */
export const builtinEntryId = (instanceName: string): string => instanceName.replaceAll('#', '-')
