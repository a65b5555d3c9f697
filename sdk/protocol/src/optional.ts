import { type TSchema, Type } from '@sinclair/typebox'

/**
 * An optional field that also accepts `null`. The protocol treats an inbound `null` exactly
 * like an absent field (PROTOCOL.md, notation), so every optional field is declared this way.
 */
export const Opt = <T extends TSchema>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]))

/** Any JSON value. */
export const Json = Type.Unknown()

/** A namespace field: any string; blank values are refused by the engine with `INVALID_NAMESPACE`. */
export const NamespaceField = Opt(Type.String())
