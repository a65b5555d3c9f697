import { renderGoErrorCodes, renderGoProtocol } from './go'
import { buildProtocolModel, type ErrorCodeEntry, type SchemaNode } from './model'
import { renderPythonErrorCodes, renderPythonProtocol } from './python'
import { renderRustErrorCodes, renderRustProtocol } from './rust'

/**
 * Renders the Python, Go and Rust clients' generated sources from the emitted JSON Schema,
 * keyed by path relative to the repository root.
 */
export function renderClientFiles(options: {
  frames: ReadonlyMap<string, SchemaNode>
  shapes: ReadonlyMap<string, SchemaNode>
  errorCodes: Readonly<Record<string, Omit<ErrorCodeEntry, 'code'>>>
}): Map<string, string> {
  const model = buildProtocolModel(options)
  return new Map([
    ['sdk/python/iii_client/_protocol.py', renderPythonProtocol(model)],
    ['sdk/python/iii_client/_error_codes.py', renderPythonErrorCodes(model)],
    ['sdk/go/protocol_gen.go', renderGoProtocol(model)],
    ['sdk/go/error_codes_gen.go', renderGoErrorCodes(model)],
    ['sdk/rust/src/protocol.rs', renderRustProtocol(model)],
    ['sdk/rust/src/error_codes.rs', renderRustErrorCodes(model)],
  ])
}
