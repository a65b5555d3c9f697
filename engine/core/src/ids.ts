import { randomUUID } from 'node:crypto'

export const DEFAULT_NAMESPACE = 'default'

/** Registry key of `(namespace, id)`. */
export const keyOf = (namespace: string, id: string): string => `${namespace}\u0000${id}`

/** True for a present but empty or whitespace-only namespace. */
export const isBlank = (value: string): boolean => value.trim() === ''

/** The service of a function id: the text before the first `::`. */
export function serviceOf(functionId: string): string {
  const at = functionId.indexOf('::')
  return at === -1 ? functionId : functionId.slice(0, at)
}

export const newId = (): string => randomUUID()

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (value: string): boolean => uuidPattern.test(value)

/** Engine-reserved function ids. */
export const isEngineId = (id: string): boolean => id.startsWith('engine::')
