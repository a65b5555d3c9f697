import { parseArgs } from 'citty'
import { call, connectionOf } from '../connection'
import { triggerCommand } from './trigger'

interface FunctionInfo {
  function_id: string
  description?: string
  request_schema?: unknown
  response_schema?: unknown
}

/**
 * `iii trigger <fn> --help`: prints the function's description and request schema from the
 * running engine. Returns false when no function id was given (the usage is printed instead).
 */
export async function describeRemoteFunction(argv: string[]): Promise<boolean> {
  const rest = argv.filter((a) => a !== '--help' && a !== '-h')
  const args = parseArgs(rest, triggerCommand.args as never) as unknown as {
    _: string[]
    address: string
    port: string
    namespace?: string
  }
  const id = args._[0]
  if (!id) return false
  const fn = await call<FunctionInfo>(
    { ...connectionOf(args), timeoutMs: 10_000 },
    'engine::functions::info',
    { function_id: id, ...(args.namespace ? { namespace: args.namespace } : {}) },
  )
  const lines = [
    `${fn.function_id ?? id}${fn.description ? ` — ${fn.description}` : ''}`,
    '',
    'Request schema:',
    fn.request_schema === undefined
      ? '  (none declared)'
      : JSON.stringify(fn.request_schema, null, 2),
  ]
  if (fn.response_schema !== undefined)
    lines.push('', 'Response schema:', JSON.stringify(fn.response_schema, null, 2))
  lines.push('', `Call it: iii trigger ${id} key=value … [--json '{…}']`)
  process.stdout.write(`${lines.join('\n')}\n`)
  return true
}
