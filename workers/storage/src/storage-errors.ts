import { IIIError } from '@iii/protocol'

/** errno codes that mean "no space left": the disk or the user's quota is full. */
const fullCodes = new Set(['ENOSPC', 'EDQUOT'])

/** The storage codes every file adapter answers with; callers may retry both. */
export const storageErrorCodes = ['STORAGE_FULL', 'STORAGE_ERROR'] as const

/** True for an `IIIError` with `STORAGE_FULL` or `STORAGE_ERROR`. */
export function isStorageError(err: unknown): err is IIIError {
  return err instanceof IIIError && (storageErrorCodes as readonly string[]).includes(err.code)
}

/**
 * Maps a failed disk operation to `STORAGE_FULL` (ENOSPC, EDQUOT) or `STORAGE_ERROR` (anything
 * else: EIO, a failed fsync, …), naming the file; an error that already is one passes through.
 */
export function toStorageError(err: unknown, file: string): IIIError {
  if (isStorageError(err)) return err
  const errno = (err as NodeJS.ErrnoException | undefined)?.code
  const reason = err instanceof Error ? err.message : String(err)
  if (errno && fullCodes.has(errno)) {
    return new IIIError(
      'STORAGE_FULL',
      `the disk holding ${file} is full (${errno}); nothing was stored, retry once space is freed`,
      {
        cause: err,
      },
    )
  }
  return new IIIError(
    'STORAGE_ERROR',
    `writing ${file} failed (${errno ?? reason}); nothing was stored`,
    { cause: err },
  )
}
