import { IIIError, isErrorBody } from '@iii/protocol'
import type { InboundResponse } from './send-request'

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

/**
 * The call's outcome from the HTTP response (PROTOCOL.md §12.3): 2xx empty ⇒ `null`, 2xx JSON ⇒
 * the value, 2xx other ⇒ `invalid_response`; other statuses below 400 ⇒ the JSON body if any;
 * 400 and above ⇒ the body's `{error:{code,message}}`, else `http_error`.
 */
export function mapResponse(response: InboundResponse): unknown {
  const { status, body } = response
  const empty = body.byteLength === 0 || body.toString('utf8').trim() === ''
  if (status >= 200 && status < 300) {
    if (empty) return null
    const parsed = parseJson(body)
    if (!parsed.ok)
      throw new IIIError(
        'invalid_response',
        `HTTP ${status} with a body that is not JSON (${response.contentType || 'no content type'})`,
      )
    return parsed.value
  }
  if (status < 400) {
    if (empty) return null
    const parsed = parseJson(body)
    return parsed.ok ? parsed.value : null
  }
  const parsed = empty ? undefined : parseJson(body)
  const value = parsed?.ok ? parsed.value : undefined
  const upstream =
    typeof value === 'object' && value !== null && 'error' in value ? value.error : undefined
  if (isErrorBody(upstream)) throw IIIError.relay(upstream)
  throw new IIIError('http_error', `HTTP ${status} ${response.reason}`.trim())
}
