import { IIIError, type ReattachFrame } from '@iii/protocol'
import { forEachChunked } from '../chunked'
import type { EngineCore } from '../engine-core'
import { DEFAULT_NAMESPACE, isBlank, isUuid } from '../ids'
import type { WorkerMeta } from '../model'
import type { Session } from '../session'
import { queueRegistration } from './registration'

/** Fixes the namespace to `default` if no announcement arrives in time (PROTOCOL.md §5.4). */
export function startNamespaceGrace(engine: EngineCore, session: Session): void {
  const env = Number(process.env.III_NAMESPACE_GRACE_MS)
  const graceMs =
    Number.isFinite(env) && env >= 0 && process.env.III_NAMESPACE_GRACE_MS !== ''
      ? env
      : engine.registrationNamespaceGraceMs
  session.graceTimer = setTimeout(
    () => resolveNamespace(engine, session, DEFAULT_NAMESPACE),
    graceMs,
  )
  session.graceTimer.unref?.()
}

/** Fixes the session's namespace once and drains buffered registrations in order. */
export function resolveNamespace(engine: EngineCore, session: Session, namespace: string): void {
  if (session.namespaceResolved || session.closed) return
  if (session.graceTimer) clearTimeout(session.graceTimer)
  session.namespace = namespace
  session.namespaceResolved = true
  const frames = session.buffered
  session.buffered = []
  for (const frame of frames) queueRegistration(engine, session, frame)
}

/** `reattach`: with the right token the old connection is cleaned up before anything else. */
export function reattach(engine: EngineCore, session: Session, frame: ReattachFrame): void {
  const previous = engine.sessions.get(frame.previous_worker_id)
  const token = frame.reattach_token ?? undefined
  if (
    !isUuid(frame.previous_worker_id) ||
    !previous ||
    previous === session ||
    !token ||
    token !== previous.reattachToken
  ) {
    session.logger.debug('reattach ignored', { previous_worker_id: frame.previous_worker_id })
    return
  }
  session.logger.info('reattached; previous connection cleaned up', {
    previous_worker_id: previous.id,
  })
  closeSession(engine, previous)
  previous.close(1000, 'reattached')
}

/** Disconnect cleanup, exactly once per connection (PROTOCOL.md §5.6). */
export function closeSession(engine: EngineCore, session: Session): void {
  if (session.closed) return
  session.closed = true
  if (session.graceTimer) clearTimeout(session.graceTimer)
  session.buffered = []
  session.regQueue.clear()
  engine.pendingFunctions.releaseAll(session)
  engine.standbyFunctions.removeOwner(session)
  const failed = (err: unknown) =>
    session.logger.error('disconnect cleanup failed', { err, unhandled: true })
  // A large registration set is removed a chunk per turn; a small one at once, as before.
  forEachChunked(
    engine.functions.ownedBy(session),
    (fn) => engine.removeFunction(fn.namespace, fn.id, session),
    failed,
  )
  engine.table.stopCallee(session)
  engine.table.abandonCaller(session)
  forEachChunked(
    engine.bindings.ownedBy(session),
    (binding) => void engine.triggers.removeBinding(binding),
    failed,
  )
  for (const type of engine.triggerTypes.ownedBy(session)) void engine.triggers.unregisterType(type)
  engine.channels.closeOwnedBy(session)
  for (const heir of engine.workers.remove(session)) {
    ;(heir as Session).logger.info('worker name taken over from a connection that left', {
      worker_name: heir.name,
      previous_worker_id: session.id,
    })
  }
  engine.sessions.delete(session.id)
  session.logger.debug('worker disconnected')
  engine.events.emit('worker:disconnected', session)
}

export interface Announcement {
  runtime?: unknown
  version?: unknown
  name?: unknown
  description?: unknown
  os?: unknown
  isolation?: unknown
  pid?: unknown
  namespace?: unknown
  telemetry?: unknown
  /** Take the worker name over at once, closing the connection that holds it. */
  replace?: unknown
  notify_standby?: unknown
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Control and bidi characters are removed and the text cut to 280 characters. */
export function sanitizeDescription(text: string): string {
  return text.replace(UNSAFE_CHARS, '').slice(0, 280)
}

/** `engine::workers::register` (PROTOCOL.md §5.3). */
export function announce(
  engine: EngineCore,
  session: Session,
  input: Announcement,
): { success: boolean } {
  const declared = input.namespace
  if (declared != null && typeof declared !== 'string')
    throw new IIIError('INVALID_ARGUMENTS', 'namespace must be a string')
  if (typeof declared === 'string' && isBlank(declared))
    throw new IIIError('INVALID_NAMESPACE', 'namespace must not be blank')
  const namespace = session.namespaceResolved ? session.namespace : (declared ?? DEFAULT_NAMESPACE)
  const permitted = Object.keys(session.grant.namespaces)
  if (permitted.length > 0 && !permitted.includes(namespace)) {
    throw new IIIError(
      'FORBIDDEN',
      `namespace ${namespace} is not permitted; allowed: ${permitted.join(', ')}`,
    )
  }
  const name = str(input.name) || session.name
  const holder = engine.workers.leaseHolder(namespace, name)
  if (holder && holder !== session && !(holder as Session).closed) {
    if (input.replace === true) replaceHolder(engine, holder as Session, session)
    else waitForName(engine, session, { holderId: holder.id, namespace, name })
  }
  if (!engine.workers.leaseHolder(namespace, name) || input.replace === true)
    engine.workers.claimLease(session, namespace, name)
  session.name = name
  if (input.notify_standby === true) session.notifyStandby = true
  session.meta = { ...session.meta, ...metaOf(input) }
  resolveNamespace(engine, session, namespace)
  engine.events.emit('worker:updated', session)
  return { success: true }
}

/**
 * A second connection with a held name (a redeploy) waits for it instead of being shut out: its
 * registrations become standbys and it takes the name when the holder leaves.
 */
function waitForName(
  engine: EngineCore,
  session: Session,
  lease: { holderId: string; namespace: string; name: string },
): void {
  engine.workers.waitForLease(session, lease.namespace, lease.name)
  session.logger.info('worker name held by a live connection; waiting to take it over', {
    worker_name: lease.name,
    namespace: lease.namespace,
    owner_worker_id: lease.holderId,
  })
}

/** `replace: true`: the holder is disconnected at once and this connection takes its place. */
function replaceHolder(engine: EngineCore, holder: Session, session: Session): void {
  session.logger.info('worker name taken over (replace); previous connection closed', {
    worker_name: holder.name,
    previous_worker_id: holder.id,
  })
  closeSession(engine, holder)
  holder.close(1000, 'replaced by a new connection with the same worker name')
}

function metaOf(input: Announcement): WorkerMeta {
  const meta: WorkerMeta = {}
  const set = <K extends keyof WorkerMeta>(key: K, value: WorkerMeta[K] | undefined) => {
    if (value !== undefined) meta[key] = value
  }
  set('runtime', str(input.runtime))
  set('version', str(input.version))
  set('os', str(input.os))
  set('isolation', str(input.isolation))
  const description = str(input.description)
  set('description', description === undefined ? undefined : sanitizeDescription(description))
  if (typeof input.pid === 'number' && Number.isInteger(input.pid)) meta.pid = input.pid
  if (typeof input.telemetry === 'object' && input.telemetry !== null) {
    const t = input.telemetry as Record<string, unknown>
    meta.telemetry = {}
    for (const key of ['language', 'project_name', 'framework'] as const) {
      const value = str(t[key])
      if (value !== undefined) meta.telemetry[key] = value
    }
  }
  return meta
}
