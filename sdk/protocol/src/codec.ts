import type { TSchema } from '@sinclair/typebox'
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler'
import {
  Frames,
  type FrameType,
  type InboundFrame,
  type InboundFrameType,
  inboundFrameTypes,
} from './frames'

export type DecodeResult =
  | { ok: true; frame: InboundFrame }
  | { ok: false; reason: string; type?: string }
  | { ok: 'empty' }

const inbound = new Set<string>(inboundFrameTypes)
const checkers = new Map<string, TypeCheck<TSchema>>(
  Object.entries(Frames).map(([name, schema]) => [name, TypeCompiler.Compile(schema)]),
)

/**
 * Decodes one inbound text frame: one `JSON.parse`, one compiled check. Never throws.
 * Empty or whitespace-only frames decode to `{ ok: 'empty' }` and are ignored by the engine.
 */
export function decodeFrame(text: string): DecodeResult {
  if (text.length === 0 || (text.length < 64 && text.trim() === '')) return { ok: 'empty' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` }
  }
  return checkFrame(value)
}

/** Validates an already-parsed value as an inbound frame. */
export function checkFrame(value: unknown): DecodeResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'a frame must be a JSON object' }
  }
  const type = (value as { type?: unknown }).type
  if (typeof type !== 'string') return { ok: false, reason: 'missing string field "type"' }
  if (!inbound.has(type))
    return { ok: false, reason: `unknown frame type "${clip(type)}"`, type: clip(type) }
  const checker = checkers.get(type) as TypeCheck<TSchema>
  if (checker.Check(value)) return { ok: true, frame: value as InboundFrame }
  const first = checker.Errors(value).First()
  const where = first?.path ? first.path : '/'
  return { ok: false, reason: `${type}: ${where}: ${first?.message ?? 'invalid'}`, type }
}

/** Validates a frame of a known type, for tests and tools. */
export function isFrame<T extends FrameType>(type: T, value: unknown): boolean {
  return checkers.get(type)?.Check(value) ?? false
}

export function isInboundType(type: string): type is InboundFrameType {
  return inbound.has(type)
}

/** A short copy of untrusted text for error messages; never a slice that pins a huge input in memory. */
function clip(text: string): string {
  return text.length > 64 ? `${Buffer.from(text.slice(0, 64)).toString()}…` : text
}
