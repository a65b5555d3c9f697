import { type Client, connect, recorder } from '../state/support'

export { type Client, connect, recorder }

/** A small JSON Schema for the tests' entries: `{host, port, tags?}`. */
export const serviceSchema = {
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['host', 'port'],
  additionalProperties: false,
}

/** `configuration::register` input for an entry `id` with `serviceSchema`. */
export const registration = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Service ${id}`,
  description: 'where the service listens',
  schema: serviceSchema,
  ...extra,
})

/** A unique, valid configuration id. */
export const configId = (prefix = 'cfg') => `${prefix}-${Math.random().toString(36).slice(2, 10)}`

/** Binds `fn` to the `configuration` trigger and returns the binding id. */
export const bindConfiguration = (client: Client, fn: string, config: Record<string, unknown>) =>
  client.bind('configuration', fn, config)
