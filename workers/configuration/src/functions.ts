import { type BuiltinHandler, parseInput } from '@iii/core'
import { GetInput, IdInput, ListInput, parseRegisterInput, parseSetInput } from './inputs'
import type { ConfigurationService } from './service'

/** The configuration worker's functions (BUILTINS.md §13): `[id, description, handler]`. */
export function configurationFunctions(
  service: ConfigurationService,
): [string, string, BuiltinHandler][] {
  return [
    [
      'configuration::register',
      'Register (or update) a schema-validated entry {id, name, description, schema, initial_value?, metadata?}; returns the entry.',
      (d) => service.register(parseRegisterInput(d)),
    ],
    [
      'configuration::set',
      "Replace an entry's value {id, value}; returns {old_value, new_value}. On a built-in worker's entry, applies it.",
      (d) => {
        const { id, value } = parseSetInput(d)
        return service.set(id, value)
      },
    ],
    [
      'configuration::get',
      `An entry's value {id, raw?}; \${VAR} placeholders are expanded unless raw.`,
      (d) => {
        const { id, raw } = parseInput(GetInput, d)
        return service.get(id, raw === true)
      },
    ],
    [
      'configuration::list',
      'Every entry {id, name, description, schema, metadata}, sorted by id, without values.',
      (d) => {
        parseInput(ListInput, d)
        return service.list()
      },
    ],
    [
      'configuration::schema',
      "An entry's {id, name, description, schema, metadata?}.",
      (d) => service.schema(parseInput(IdInput, d).id),
    ],
  ]
}
