import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { CallError } from '../api/client'

/** Shown while a call is in flight; keeps the space the content will take. */
export function Loading({ what }: { what: string }) {
  return (
    <div className="state loading" role="status">
      Loading {what}…
    </div>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>
}

/** An error with its code and message, and the trace of the call when there is one. */
export function ErrorBox({ error }: { error: unknown }) {
  const code = error instanceof CallError ? error.code : 'UNKNOWN'
  const message = error instanceof Error ? error.message : String(error)
  const traceId = error instanceof CallError ? error.traceId : undefined
  return (
    <div className="state error" role="alert">
      <code className="code">{code}</code> {message}
      {traceId && (
        <>
          {' '}
          <Link href={`/traces/${traceId}`}>trace</Link>
        </>
      )}
    </div>
  )
}

/** Renders loading, error or the content of a query. */
export function QueryView<T>({
  query,
  what,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean }
  what: string
  children: (data: T) => ReactNode
}) {
  if (query.error) return <ErrorBox error={query.error} />
  if (query.isPending || query.data === undefined) return <Loading what={what} />
  return <>{children(query.data)}</>
}
