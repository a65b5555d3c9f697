import type { Decl, Field, FieldType, ObjectDecl, ProtocolModel, UnionDecl } from './model'
import { pascal } from './model'
import { upperSnake } from './python'

/**
 * Renders the Rust client's message types: serde structs per frame and shape, tagged enums for
 * unions, and the `Frame` enum (tagged by `type`).
 */
const keywords = new Set(['type', 'match', 'fn', 'mod', 'ref', 'use', 'loop', 'move', 'where'])

function rustField(name: string): string {
  return keywords.has(name) ? `r#${name}` : name
}

function rustType(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'String'
    case 'integer':
      return 'i64'
    case 'number':
      return 'f64'
    case 'boolean':
      return 'bool'
    case 'json':
      return 'Value'
    case 'map':
      return `BTreeMap<String, ${rustType(type.value)}>`
    default:
      return type.name
  }
}

function fieldLines(f: Field): string[] {
  if (!f.optional) return [`    pub ${rustField(f.name)}: ${rustType(f.type)},`]
  return [
    '    #[serde(default, skip_serializing_if = "Option::is_none")]',
    `    pub ${rustField(f.name)}: Option<${rustType(f.type)}>,`,
  ]
}

function doc(description: string | undefined): string[] {
  return description ? [`/// ${description}`] : []
}

/** Types without a natural default (enums and unions) keep a struct from deriving Default. */
function derives(decl: ObjectDecl, noDefault: ReadonlySet<string>): string {
  const required = decl.fields.filter((f) => !f.optional)
  const defaultable = required.every((f) => !('name' in f.type) || !noDefault.has(f.type.name))
  return `#[derive(Debug, Clone, PartialEq, Serialize, Deserialize${defaultable ? ', Default' : ''})]`
}

function renderObject(decl: ObjectDecl, noDefault: ReadonlySet<string>): string[] {
  const lines = [...doc(decl.description), derives(decl, noDefault)]
  lines.push(`pub struct ${decl.name} {`, ...decl.fields.flatMap(fieldLines), '}', '')
  return lines
}

function renderUnion(decl: UnionDecl, noDefault: ReadonlySet<string>): string[] {
  const lines = decl.variants.flatMap((v) => renderObject(v.decl, noDefault))
  lines.push(...doc(decl.description))
  lines.push('#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]')
  lines.push('#[serde(tag = "type")]', `pub enum ${decl.name} {`)
  for (const v of decl.variants) {
    lines.push(
      `    #[serde(rename = ${JSON.stringify(v.tag)})]`,
      `    ${pascal(v.tag)}(${v.decl.name}),`,
    )
  }
  lines.push('}', '')
  return lines
}

function renderDecl(decl: Decl, noDefault: ReadonlySet<string>): string[] {
  if (decl.kind === 'object') return renderObject(decl, noDefault)
  if (decl.kind === 'union') return renderUnion(decl, noDefault)
  const lines = ['#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]']
  lines.push(`pub enum ${decl.name} {`)
  for (const v of decl.values) {
    lines.push(`    #[serde(rename = ${JSON.stringify(v)})]`, `    ${pascal(v.toLowerCase())},`)
  }
  lines.push('}', '')
  return lines
}

/** Renders `sdk/rust/src/protocol.rs`. */
export function renderRustProtocol(model: ProtocolModel): string {
  const noDefault = new Set(model.decls.filter((d) => d.kind !== 'object').map((d) => d.name))
  const lines = [
    '// Generated from sdk/protocol/schema by `pnpm schema`; do not edit.',
    "//! The wire protocol's message types.",
    '#![allow(clippy::all)]',
    '',
    'use serde::{Deserialize, Serialize};',
    'use serde_json::Value;',
    'use std::collections::BTreeMap;',
    '',
  ]
  for (const decl of model.decls) lines.push(...renderDecl(decl, noDefault))
  for (const frame of model.frames) lines.push(...renderObject(frame, noDefault))
  lines.push('/// Any frame, tagged by its `type` literal.')
  lines.push('#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]')
  lines.push('#[serde(tag = "type")]', 'pub enum Frame {')
  for (const f of model.frames) {
    lines.push(`    #[serde(rename = ${JSON.stringify(f.frameType)})]`, `    ${f.name}(${f.name}),`)
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}

/** Renders `sdk/rust/src/error_codes.rs`. */
export function renderRustErrorCodes(model: ProtocolModel): string {
  const lines = [
    '// Generated from sdk/protocol/schema/error-codes.json by `pnpm schema`; do not edit.',
    '//! The error-code registry.',
    '',
    '/// One entry of the error-code registry.',
    '#[derive(Debug, Clone, Copy, PartialEq, Eq)]',
    'pub struct ErrorCodeInfo {',
    "    pub code: &'static str,",
    '    pub status: u16,',
    '    pub retryable: bool,',
    "    pub area: &'static str,",
    "    pub description: &'static str,",
    '}',
    '',
  ]
  for (const e of model.errorCodes) {
    lines.push(`pub const ${upperSnake(e.code)}: &str = ${JSON.stringify(e.code)};`)
  }
  lines.push('', '/// Every registered code.', 'pub const ERROR_CODES: &[ErrorCodeInfo] = &[')
  for (const e of model.errorCodes) {
    lines.push(
      `    ErrorCodeInfo { code: ${JSON.stringify(e.code)}, status: ${e.status}, retryable: ${e.retryable}, area: ${JSON.stringify(e.area)}, description: ${JSON.stringify(e.description)} },`,
    )
  }
  lines.push('];', '', '/// The registry entry of a code, if it is registered.')
  lines.push("pub fn error_code_info(code: &str) -> Option<&'static ErrorCodeInfo> {")
  lines.push('    ERROR_CODES.iter().find(|e| e.code == code)', '}')
  return `${lines.join('\n')}\n`
}
