/**
 * A language-neutral model of the protocol's JSON Schema, read back from the emitted schema
 * files: the Python, Go and Rust emitters render this model, so a schema change reaches all
 * three clients through one path.
 */

/** A JSON Schema node as emitted by `pnpm schema` (draft 2020-12, no `$ref`s). */
export interface SchemaNode {
  readonly type?: string
  readonly const?: string
  readonly description?: string
  readonly required?: readonly string[]
  readonly properties?: Readonly<Record<string, SchemaNode>>
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>
  readonly anyOf?: readonly SchemaNode[]
  readonly $id?: string
  readonly $schema?: string
  readonly [key: string]: unknown
}

/** The type of one field. */
export type FieldType =
  | { readonly kind: 'string' | 'integer' | 'number' | 'boolean' | 'json' }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'map'; readonly value: FieldType }

export interface Field {
  /** The wire name (snake_case). */
  readonly name: string
  readonly type: FieldType
  /** Absent and `null` are both allowed. */
  readonly optional: boolean
}

/** An object type: a frame (with its `type` literal) or a shared/nested shape. */
export interface ObjectDecl {
  readonly kind: 'object'
  readonly name: string
  readonly description?: string
  /** The frame's `type` literal; `undefined` for shapes. */
  readonly frameType?: string
  readonly fields: readonly Field[]
}

/** A union of objects told apart by their `type` literal (TriggerAction, HttpAuthConfig). */
export interface UnionDecl {
  readonly kind: 'union'
  readonly name: string
  readonly description?: string
  readonly variants: readonly { readonly tag: string; readonly decl: ObjectDecl }[]
}

/** A closed set of string literals (HTTP method, channel direction). */
export interface EnumDecl {
  readonly kind: 'enum'
  readonly name: string
  readonly values: readonly string[]
}

export type Decl = ObjectDecl | UnionDecl | EnumDecl

export interface ErrorCodeEntry {
  readonly code: string
  readonly status: number
  readonly retryable: boolean
  readonly area: string
  readonly description: string
}

/** Everything the emitters render. */
export interface ProtocolModel {
  /** Shared shapes, then the nested types the frames introduce. */
  readonly decls: readonly Decl[]
  /** The frames, in registry order. */
  readonly frames: readonly ObjectDecl[]
  readonly errorCodes: readonly ErrorCodeEntry[]
}

const words = [
  'registration',
  'invocation',
  'registered',
  'unregister',
  'register',
  'function',
  'rejected',
  'reattach',
  'trigger',
  'service',
  'worker',
  'invoke',
  'result',
  'error',
  'type',
  'ping',
  'pong',
]

/** `invokefunction` → `InvokeFunction`, `trigger_type` → `TriggerType`. */
export function pascal(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean)
  return parts.map((p) => splitWords(p.toLowerCase()).map(capital).join('')).join('')
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

function splitWords(text: string): string[] {
  if (text === '') return []
  const word = words.find((w) => text.startsWith(w))
  if (word === undefined) return [text]
  return [word, ...splitWords(text.slice(word.length))]
}

/** The stable JSON text of a schema without its identity keys, for structural comparison. */
function fingerprint(node: SchemaNode): string {
  const { $id: _id, $schema: _s, description: _d, ...rest } = node
  return JSON.stringify(rest, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => k !== 'description')
            .sort(),
        )
      : value,
  )
}

class ModelBuilder {
  readonly decls: Decl[] = []
  private readonly byFingerprint = new Map<string, string>()

  constructor(shapes: ReadonlyMap<string, SchemaNode>) {
    for (const [name, schema] of shapes) this.declare(name, schema)
  }

  /** Declares a named type for a schema (or returns the existing one with the same shape). */
  declare(name: string, schema: SchemaNode): string {
    const known = this.byFingerprint.get(fingerprint(schema))
    if (known !== undefined) return known
    const decl = this.toDecl(name, schema)
    this.byFingerprint.set(fingerprint(schema), name)
    this.decls.push(decl)
    return name
  }

  object(name: string, schema: SchemaNode, frameType?: string): ObjectDecl {
    const required = new Set(schema.required ?? [])
    const fields: Field[] = []
    for (const [field, node] of Object.entries(schema.properties ?? {})) {
      if (field === 'type' && node.const !== undefined) continue
      const { inner, nullable } = unwrapNull(node)
      fields.push({
        name: field,
        type: this.fieldType(`${name}${pascal(field)}`, inner),
        optional: nullable || !required.has(field),
      })
    }
    return { kind: 'object', name, description: schema.description, frameType, fields }
  }

  private toDecl(name: string, schema: SchemaNode): Decl {
    if (schema.anyOf?.every((v) => v.const !== undefined)) {
      return { kind: 'enum', name, values: schema.anyOf.map((v) => String(v.const)) }
    }
    if (schema.anyOf) {
      const variants = schema.anyOf.map((v) => {
        const tag = v.properties?.type?.const
        if (tag === undefined) throw new Error(`${name}: a union variant has no "type" literal`)
        return { tag, decl: this.object(`${name}${pascal(tag)}`, v) }
      })
      return { kind: 'union', name, description: schema.description, variants }
    }
    return this.object(name, schema)
  }

  private fieldType(nameIfNew: string, node: SchemaNode): FieldType {
    if (node.anyOf) {
      const name = this.declare(nameIfNew, node)
      const decl = this.decls.find((d) => d.name === name)
      return decl?.kind === 'enum' ? { kind: 'enum', name } : { kind: 'ref', name }
    }
    if (node.type === 'object' && node.patternProperties) {
      const [value] = Object.values(node.patternProperties)
      return { kind: 'map', value: value ? this.fieldType(`${nameIfNew}Value`, value) : json }
    }
    if (node.type === 'object') return { kind: 'ref', name: this.declare(nameIfNew, node) }
    switch (node.type) {
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return { kind: node.type }
      case undefined:
        return json
      default:
        throw new Error(`${nameIfNew}: no mapping for JSON Schema type "${node.type}"`)
    }
  }
}

const json: FieldType = { kind: 'json' }

/** `anyOf: [X, {type:"null"}]` → X, nullable. */
function unwrapNull(node: SchemaNode): { inner: SchemaNode; nullable: boolean } {
  const options = node.anyOf
  if (!options?.some((o) => o.type === 'null')) return { inner: node, nullable: false }
  const rest = options.filter((o) => o.type !== 'null')
  const [only] = rest
  if (rest.length === 1 && only) return { inner: only, nullable: true }
  return { inner: { anyOf: rest }, nullable: true }
}

/** Builds the model from the emitted frame and shape schemas and the error-code table. */
export function buildProtocolModel(options: {
  frames: ReadonlyMap<string, SchemaNode>
  shapes: ReadonlyMap<string, SchemaNode>
  errorCodes: Readonly<Record<string, Omit<ErrorCodeEntry, 'code'>>>
}): ProtocolModel {
  const builder = new ModelBuilder(options.shapes)
  const frames = [...options.frames].map(([type, schema]) =>
    builder.object(pascal(type), schema, type),
  )
  const errorCodes = Object.entries(options.errorCodes).map(([code, info]) => ({
    code,
    status: info.status,
    retryable: info.retryable,
    area: info.area,
    description: info.description,
  }))
  return { decls: builder.decls, frames, errorCodes }
}
