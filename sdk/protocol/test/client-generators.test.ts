import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderClientFiles } from '../src/clients/index'
import type { SchemaNode } from '../src/clients/model'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const readSchema = (rel: string): SchemaNode =>
  JSON.parse(readFileSync(join(root, 'sdk/protocol/schema', rel), 'utf8'))

function inputs(patchPing?: (ping: SchemaNode) => SchemaNode) {
  const ping = readSchema('frames/ping.json')
  const frames = new Map<string, SchemaNode>([
    ['invocationresult', readSchema('frames/invocationresult.json')],
    ['ping', patchPing ? patchPing(ping) : ping],
  ])
  const shapes = new Map<string, SchemaNode>([['ErrorBody', readSchema('shapes/ErrorBody.json')]])
  const errorCodes = {
    function_not_found: { area: 'engine', status: 404, retryable: false, description: 'x' },
    'set.path.too_deep': { area: 'state', status: 400, retryable: false, description: 'y' },
  }
  return { frames, shapes, errorCodes }
}

describe('client generators', () => {
  it('a new frame field reaches the Python, Go and Rust message types', () => {
    const before = renderClientFiles(inputs())
    const after = renderClientFiles(
      inputs((ping) => ({
        ...ping,
        required: ['type', 'sent_at_ms'],
        properties: { ...ping.properties, sent_at_ms: { type: 'integer' } },
      })),
    )
    const changed = [...after].filter(([path, text]) => before.get(path) !== text).map(([p]) => p)
    expect(changed.sort()).toEqual([
      'sdk/go/protocol_gen.go',
      'sdk/python/iii_client/_protocol.py',
      'sdk/rust/src/protocol.rs',
    ])
    expect(after.get('sdk/python/iii_client/_protocol.py')).toContain('    sent_at_ms: int\n')
    expect(after.get('sdk/go/protocol_gen.go')).toMatch(/SentAtMs +int64 +`json:"sent_at_ms"`/)
    expect(after.get('sdk/rust/src/protocol.rs')).toContain('    pub sent_at_ms: i64,\n')
  })

  it('a nested shape is referenced by name, not copied', () => {
    const files = renderClientFiles(inputs())
    expect(files.get('sdk/python/iii_client/_protocol.py')).toContain(
      '    error: Optional[ErrorBody] = None',
    )
    expect(files.get('sdk/go/protocol_gen.go')).toMatch(
      /Error +\*ErrorBody +`json:"error,omitempty"`/,
    )
    expect(files.get('sdk/rust/src/protocol.rs')).toContain('pub error: Option<ErrorBody>,')
  })

  it('every error code becomes a constant in each language', () => {
    const files = renderClientFiles(inputs())
    expect(files.get('sdk/python/iii_client/_error_codes.py')).toContain(
      'SET_PATH_TOO_DEEP = "set.path.too_deep"',
    )
    expect(files.get('sdk/go/error_codes_gen.go')).toMatch(
      /CodeSetPathTooDeep += "set.path.too_deep"/,
    )
    expect(files.get('sdk/rust/src/error_codes.rs')).toContain(
      'pub const FUNCTION_NOT_FOUND: &str = "function_not_found";',
    )
  })

  it('refuses a schema type it cannot map instead of guessing', () => {
    expect(() =>
      renderClientFiles(
        inputs((ping) => ({
          ...ping,
          properties: { ...ping.properties, odd: { type: 'array' } },
        })),
      ),
    ).toThrow(/no mapping for JSON Schema type "array"/)
  })
})
