import { IIIError } from '@iii/protocol'

/** Bytes of a value as stored (JSON, UTF-8). */
export const serializedBytes = (value: unknown): number =>
  Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8')

/** The `VALUE_TOO_LARGE` error for a value of `bytes`. */
export const valueTooLarge = (bytes: number, maxValueBytes: number): IIIError =>
  new IIIError(
    'VALUE_TOO_LARGE',
    `the value is ${bytes} bytes serialized; max_value_bytes is ${maxValueBytes}`,
  )

/** Throws `VALUE_TOO_LARGE` when `bytes` passes the cap. */
export function checkValueSize(bytes: number, maxValueBytes: number | undefined): void {
  if (maxValueBytes !== undefined && bytes > maxValueBytes)
    throw valueTooLarge(bytes, maxValueBytes)
}
