import type {
  ErrorBody,
  HttpInvocationRef,
  RegisterFunctionFrame,
  RegisterTriggerFrame,
  RegisterTriggerTypeFrame,
} from '@iii/protocol'
import type { Session } from '../session'

type MaybePromise<T> = T | Promise<T>

/** What a registration hook may rewrite. `null` denies the registration. */
export interface FunctionRegistrationDef {
  id: string
  description?: string | null
  metadata?: unknown
}
export interface TriggerRegistrationDef {
  function_id: string
  config: unknown
  metadata?: unknown
}
export interface TriggerTypeRegistrationDef {
  description: string
}

/**
 * Security decisions the engine asks for (PROTOCOL.md §11). The default allows everything;
 * the worker-manager listener installs RBAC, auth and registration hooks per connection.
 */
export interface SecurityHooks {
  onFunctionRegistration(
    session: Session,
    frame: RegisterFunctionFrame,
  ): MaybePromise<FunctionRegistrationDef | null>
  onTriggerTypeRegistration(
    session: Session,
    frame: RegisterTriggerTypeFrame,
  ): MaybePromise<TriggerTypeRegistrationDef | null>
  onTriggerRegistration(
    session: Session,
    frame: RegisterTriggerFrame,
  ): MaybePromise<TriggerRegistrationDef | null>
  /** An error when the session may not call `(namespace, functionId)`. */
  authorizeCall(session: Session, functionId: string, namespace: string): ErrorBody | undefined
}

/** Validates HTTP-invoked function refs; installed by the iii-http-functions worker. */
export interface HttpFunctionValidator {
  validateRegistration(ref: HttpInvocationRef): Promise<ErrorBody | undefined>
}
