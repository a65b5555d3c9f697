import { renderClientFiles } from './clients/index'
import type { SchemaNode } from './clients/model'
import { type ErrorCodeInfo, errorCodes } from './error-codes'
import { Frames } from './frames'
import {
  EnqueueAction,
  ErrorBody,
  HttpAuthConfig,
  HttpInvocationRef,
  StreamChannelRef,
  TriggerAction,
  VoidAction,
  WorkerMetrics,
} from './shapes'

const shapes = {
  ErrorBody,
  TriggerAction,
  VoidAction,
  EnqueueAction,
  HttpAuthConfig,
  HttpInvocationRef,
  StreamChannelRef,
  WorkerMetrics,
}

/** Removes nested `$id`s so each file is one self-contained schema. */
function plain(schema: unknown, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => plain(s, false))
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$id' && !top) continue
    out[key] = plain(value, false)
  }
  return out
}

function schemaFile(name: string, schema: object): string {
  const body = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(plain(schema) as object),
    $id: name,
  }
  return `${JSON.stringify(body, null, 2)}\n`
}

/**
 * Renders every generated file, keyed by its path relative to the repository root:
 * one JSON Schema per frame and shared shape, the error-code table as JSON,
 * docs/reference/errors.md, and the Python, Go and Rust clients' message types and error codes.
 */
export function renderGeneratedFiles(): Map<string, string> {
  const files = new Map<string, string>()
  const frameSchemas = new Map<string, SchemaNode>()
  const shapeSchemas = new Map<string, SchemaNode>()
  for (const [name, schema] of Object.entries(Frames)) {
    const text = schemaFile(name, schema)
    files.set(`sdk/protocol/schema/frames/${name}.json`, text)
    frameSchemas.set(name, JSON.parse(text))
  }
  for (const [name, schema] of Object.entries(shapes)) {
    const text = schemaFile(name, schema)
    files.set(`sdk/protocol/schema/shapes/${name}.json`, text)
    shapeSchemas.set(name, JSON.parse(text))
  }
  files.set('sdk/protocol/schema/error-codes.json', `${JSON.stringify(errorCodes, null, 2)}\n`)
  files.set('docs/reference/errors.md', renderErrorsMarkdown())
  // The clients' message types are rendered from the JSON Schema text itself, so what the
  // other languages see is exactly what is published.
  const clients = renderClientFiles({
    frames: frameSchemas,
    shapes: shapeSchemas,
    errorCodes,
  })
  for (const [path, text] of clients) files.set(path, text)
  return files
}

function renderErrorsMarkdown(): string {
  const byArea = new Map<string, [string, ErrorCodeInfo][]>()
  for (const [name, info] of Object.entries(errorCodes) as [string, ErrorCodeInfo][]) {
    const rows = byArea.get(info.area) ?? []
    rows.push([name, info])
    byArea.set(info.area, rows)
  }
  const lines = [
    '# Error codes',
    '',
    'Generated from `sdk/protocol/src/error-codes.ts` by `pnpm schema`; do not edit by hand.',
    'Every error on the wire is `{ code, message, stacktrace? }`. A code outside this table is a',
    "handler's own code; the HTTP trigger answers it with status 500.",
    '',
  ]
  for (const [area, rows] of byArea) {
    lines.push(`## ${area}`, '', '| Code | HTTP | Retryable | Meaning |', '|---|---|---|---|')
    for (const [name, info] of rows) {
      lines.push(
        `| \`${name}\` | ${info.status} | ${info.retryable ? 'yes' : 'no'} | ${info.description} |`,
      )
    }
    lines.push('')
  }
  return lines.join('\n')
}
