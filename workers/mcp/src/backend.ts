/** A function as the MCP worker sees it. */
export interface McpFunction {
  function_id: string
  description?: string
  request_schema?: unknown
  metadata?: unknown
}

/**
 * What an MCP session needs from the engine: the functions its caller may see, calls on the
 * caller's behalf, reads for resources, and a signal when the functions change. Built-in (in
 * process, for `/mcp`) and socket (for `iii mcp` on stdio) backends implement it.
 */
export interface McpBackend {
  /** The functions this caller may see and call (allow list and RBAC applied). */
  listFunctions(): Promise<McpFunction[]>
  /** Calls a function for the caller; rejects with an `IIIError`-like `{code, message}`. */
  call(functionId: string, data: unknown, options: { timeoutMs: number }): Promise<unknown>
  /** Reads an `engine::*` query for a resource (traces, logs, queue stats). */
  read(functionId: string, data: unknown): Promise<unknown>
  /** Calls `listener` whenever the set of functions may have changed; returns a disposer. */
  onFunctionsChanged(listener: () => void): () => void
}
