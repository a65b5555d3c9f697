import { IIIError } from '@iii/protocol'
import { isBodyless } from '../server/bodyless'
import { findHeader, type HeaderPairs, isJsonType, toHeaderPairs } from './headers'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const invalid = (message: string) => new IIIError('INTERNAL_ERROR', message)

/** A valid final status: 1xx are interim responses and cannot end an exchange. */
export const isFinalStatus = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 200 && value <= 599

/**
 * A function's `{status_code?, headers?, body?}` as a response (BUILTINS.md §3.4): JSON by
 * default; a string body with a non-JSON `Content-Type` is sent raw. A value of another shape
 * is the function's bug and becomes a 500 `INTERNAL_ERROR` naming the problem.
 */
export function buildResultResponse(value: unknown): Response {
  if (!isObject(value))
    throw invalid(
      `the handler returned ${describe(value)}; expected {status_code?, headers?, body?}`,
    )
  const status = value.status_code ?? 200
  if (!isFinalStatus(status))
    throw invalid(`status_code ${JSON.stringify(status)} is not an integer from 200 to 599`)
  const headers = toHeaderPairs(value.headers)
  if (isBodyless(status)) return new Response(null, { status, headers })
  const text = renderBody(value.body === undefined ? {} : value.body, headers)
  headers.push(['content-length', String(Buffer.byteLength(text))])
  return new Response(text, { status, headers })
}

function renderBody(body: unknown, headers: HeaderPairs): string {
  const contentType = findHeader(headers, 'content-type')
  if (contentType !== undefined && !isJsonType(contentType)) {
    if (typeof body === 'string') return body
    return body === null ? '' : JSON.stringify(body)
  }
  if (contentType === undefined) headers.push(['content-type', 'application/json'])
  return JSON.stringify(body)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
