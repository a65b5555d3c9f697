import { defineCommand } from 'citty'
import { connectionArgs, connectionOf, millisOf, printJson } from '../connection'
import { acceptsRest } from '../strict'
import { parsePairs, triggerFunction } from '../trigger'

/** `iii trigger` (alias `iii t`): calls a function and prints its result as JSON. */
export const triggerCommand = defineCommand({
  meta: { name: 'trigger', description: 'Call a function and print its result as JSON' },
  args: {
    function_id: {
      type: 'positional',
      required: true,
      description: 'Function id, e.g. orders::validate',
    },
    json: {
      type: 'string',
      description: 'Payload as a JSON object; key=value pairs are merged on top',
    },
    namespace: {
      type: 'string',
      alias: 'n',
      description: 'Namespace of the function (default: default)',
    },
    ...connectionArgs,
    'timeout-ms': {
      type: 'string',
      default: '30000',
      description: 'How long to wait for the result',
    },
  },
  async run({ args }) {
    const connection = connectionOf(args)
    const timeoutMs = millisOf('timeout-ms', args['timeout-ms'])
    const pairs = (args._ as string[]).slice(1)
    const result = await triggerFunction({
      ...connection,
      functionId: args.function_id,
      payload: parsePairs(pairs, args.json),
      timeoutMs,
      namespace: args.namespace,
    })
    printJson(result)
  },
})

// `key=value` pairs follow the function id.
acceptsRest.add(triggerCommand)
