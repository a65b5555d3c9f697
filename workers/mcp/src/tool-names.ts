import type { McpFunction } from './backend'

/** MCP tool names are `[A-Za-z0-9._-]{1,128}`: `::` becomes `__`, any other character `_`. */
export function toolNameOf(functionId: string): string {
  return functionId
    .replaceAll('::', '__')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 128)
}

/** Tool name → function id for one listing; a clashing name gets a numeric suffix. */
export function toolTable(functions: McpFunction[]): Map<string, McpFunction> {
  const table = new Map<string, McpFunction>()
  const sorted = [...functions].sort((a, b) => a.function_id.localeCompare(b.function_id))
  for (const f of sorted) {
    const base = toolNameOf(f.function_id)
    let name = base
    for (let n = 2; table.has(name); n++) name = `${base.slice(0, 120)}_${n}`
    table.set(name, f)
  }
  return table
}
