import type { Decl, Field, FieldType, ObjectDecl, ProtocolModel } from './model'

/**
 * Renders the Python client's message types: one keyword-only dataclass per frame and shape,
 * each with `to_dict()` / `from_dict()`, plus `decode_frame()`.
 */
const header = [
  '# Generated from sdk/protocol/schema by `pnpm schema`; do not edit.',
  '# ruff: noqa',
  'from __future__ import annotations',
  '',
  'from dataclasses import dataclass',
  'from typing import Any, ClassVar, Dict, Literal, Optional, Union',
  '',
]

function typeHint(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'str'
    case 'integer':
      return 'int'
    case 'number':
      return 'float'
    case 'boolean':
      return 'bool'
    case 'json':
      return 'Any'
    case 'map':
      return `Dict[str, ${typeHint(type.value)}]`
    default:
      return type.name
  }
}

/** The expression that turns a decoded Python value `v` into the wire form. */
function encode(type: FieldType, v: string): string {
  if (type.kind === 'ref') return `${v}.to_dict()`
  if (type.kind === 'map' && type.value.kind === 'ref')
    return `{k: x.to_dict() for k, x in ${v}.items()}`
  return v
}

/** The expression that turns a wire value `v` into the typed Python value. */
function decode(type: FieldType, v: string): string {
  if (type.kind === 'ref') return `_decode_${type.name}(${v})`
  if (type.kind === 'map' && type.value.kind === 'ref')
    return `{k: _decode_${type.value.name}(x) for k, x in ${v}.items()}`
  return v
}

function fieldLine(f: Field): string {
  const hint = typeHint(f.type)
  return f.optional ? `    ${f.name}: Optional[${hint}] = None` : `    ${f.name}: ${hint}`
}

function toDict(decl: ObjectDecl, tag?: string): string[] {
  const literal = decl.frameType ?? tag
  const fixed = decl.fields
    .filter((f) => !f.optional)
    .map((f) => `"${f.name}": ${encode(f.type, `self.${f.name}`)}`)
  if (literal !== undefined) fixed.unshift(`"type": "${literal}"`)
  const lines = [
    '    def to_dict(self) -> Dict[str, Any]:',
    `        out: Dict[str, Any] = {${fixed.join(', ')}}`,
  ]
  for (const f of decl.fields.filter((x) => x.optional)) {
    lines.push(`        if self.${f.name} is not None:`)
    lines.push(`            out["${f.name}"] = ${encode(f.type, `self.${f.name}`)}`)
  }
  lines.push('        return out')
  return lines
}

function fromDict(decl: ObjectDecl): string[] {
  const args = decl.fields.map((f) =>
    f.optional
      ? `            ${f.name}=None if d.get("${f.name}") is None else ${decode(f.type, `d["${f.name}"]`)},`
      : `            ${f.name}=${decode(f.type, `d["${f.name}"]`)},`,
  )
  return [
    '    @classmethod',
    `    def from_dict(cls, d: Dict[str, Any]) -> "${decl.name}":`,
    ...(args.length ? ['        return cls(', ...args, '        )'] : ['        return cls()']),
  ]
}

function renderObject(decl: ObjectDecl, tag?: string): string[] {
  const lines = ['@dataclass(kw_only=True)', `class ${decl.name}:`]
  if (decl.description) lines.push(`    """${decl.description}"""`, '')
  if (decl.frameType) lines.push(`    TYPE: ClassVar[str] = "${decl.frameType}"`)
  if (tag !== undefined) lines.push(`    TYPE: ClassVar[str] = "${tag}"`)
  lines.push(...decl.fields.filter((f) => !f.optional).map(fieldLine))
  lines.push(...decl.fields.filter((f) => f.optional).map(fieldLine))
  lines.push('', ...toDict(decl, tag), '', ...fromDict(decl), '')
  lines.push('', `def _decode_${decl.name}(d: Dict[str, Any]) -> ${decl.name}:`)
  lines.push(`    return ${decl.name}.from_dict(d)`, '', '')
  return lines
}

function renderDecl(decl: Decl): string[] {
  if (decl.kind === 'enum') {
    return [`${decl.name} = Literal[${decl.values.map((v) => `"${v}"`).join(', ')}]`, '', '']
  }
  if (decl.kind === 'object') return renderObject(decl)
  const lines = decl.variants.flatMap((v) => renderObject(v.decl, v.tag))
  lines.push(`${decl.name} = Union[${decl.variants.map((v) => v.decl.name).join(', ')}]`)
  if (decl.description) lines.push(`"""${decl.description}"""`)
  lines.push('', '', `def _decode_${decl.name}(d: Dict[str, Any]) -> ${decl.name}:`)
  for (const v of decl.variants) {
    lines.push(`    if d.get("type") == "${v.tag}":`, `        return ${v.decl.name}.from_dict(d)`)
  }
  lines.push(`    raise ValueError(f"unknown ${decl.name} type {d.get('type')!r}")`, '', '')
  return lines
}

/** Renders `iii_client/_protocol.py`. */
export function renderPythonProtocol(model: ProtocolModel): string {
  const lines = [...header, '']
  for (const decl of model.decls) lines.push(...renderDecl(decl))
  for (const frame of model.frames) lines.push(...renderObject(frame))
  lines.push(`Frame = Union[${model.frames.map((f) => f.name).join(', ')}]`, '')
  lines.push('FRAME_TYPES: Dict[str, Any] = {')
  for (const f of model.frames) lines.push(`    "${f.frameType}": ${f.name},`)
  lines.push('}', '', '')
  lines.push('def decode_frame(d: Dict[str, Any]) -> Optional[Frame]:')
  lines.push(
    '    """Decodes a parsed frame; `None` for an unknown `type`. Raises on a malformed one."""',
  )
  lines.push('    cls = FRAME_TYPES.get(d.get("type"))  # type: ignore[arg-type]')
  lines.push('    return None if cls is None else cls.from_dict(d)')
  return `${lines.join('\n').replace(/\n{3,}$/, '\n')}\n`
}

/** `set.path.too_deep` → `SET_PATH_TOO_DEEP`. */
export function upperSnake(code: string): string {
  return code.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()
}

/** Renders `iii_client/_error_codes.py`. */
export function renderPythonErrorCodes(model: ProtocolModel): string {
  const lines = [
    '# Generated from sdk/protocol/schema/error-codes.json by `pnpm schema`; do not edit.',
    '# ruff: noqa',
    'from __future__ import annotations',
    '',
    'from dataclasses import dataclass',
    'from typing import Dict',
    '',
    '',
    '@dataclass(frozen=True)',
    'class ErrorCodeInfo:',
    '    """One entry of the error-code registry."""',
    '',
    '    code: str',
    '    status: int',
    '    retryable: bool',
    '    area: str',
    '    description: str',
    '',
    '',
  ]
  for (const e of model.errorCodes) lines.push(`${upperSnake(e.code)} = ${JSON.stringify(e.code)}`)
  lines.push('', 'ERROR_CODES: Dict[str, ErrorCodeInfo] = {')
  for (const e of model.errorCodes) {
    const py = e.retryable ? 'True' : 'False'
    lines.push(
      `    ${JSON.stringify(e.code)}: ErrorCodeInfo(${JSON.stringify(e.code)}, ${e.status}, ${py}, ${JSON.stringify(e.area)}, ${JSON.stringify(e.description)}),`,
    )
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}
