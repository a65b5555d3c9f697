import { useState } from 'react'
import { Link } from 'wouter'
import { type CallOutcome, callFunction } from '../api/client'
import { useCall, useLive } from '../api/hooks'
import type { FunctionDetail as Detail, SpanRow } from '../api/types'
import { JsonView } from '../components/json-view'
import { SchemaForm } from '../components/schema-form'
import { Empty, QueryView } from '../components/states'
import { formatMs, formatTime, useParam } from '../components/url-state'

export function FunctionDetail({ id }: { id: string }) {
  const [namespace] = useParam('ns', 'default')
  const info = useCall<Detail>('engine::functions::info', { function_id: id, namespace })
  return (
    <section>
      <h1>
        <Link href="/functions">Functions</Link> › <span data-testid="function-id">{id}</span>
      </h1>
      <QueryView query={info} what="the function">
        {(fn) => (
          <>
            <p className="muted">
              {fn.namespace} · {fn.worker_name}
            </p>
            <p>{fn.description || <span className="muted">No description.</span>}</p>
            <div className="columns">
              <div>
                <h2>Invoke</h2>
                <Invoke id={id} schema={fn.request_schema} />
              </div>
              <div>
                <h2>Request schema</h2>
                <JsonView value={fn.request_schema} label="request schema" />
                <h2>Response schema</h2>
                <JsonView value={fn.response_schema} label="response schema" />
              </div>
            </div>
            <Recent id={id} />
          </>
        )}
      </QueryView>
    </section>
  )
}

function Invoke({ id, schema }: { id: string; schema: unknown }) {
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<CallOutcome>()
  const run = async (payload: unknown) => {
    setBusy(true)
    try {
      setOutcome(await callFunction(id, payload))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <SchemaForm schema={schema} busy={busy} onSubmit={run} />
      {outcome && (
        <div className="outcome" data-testid="invoke-outcome" data-ok={String(outcome.ok)}>
          {outcome.ok ? (
            <JsonView value={outcome.result} label="result" />
          ) : (
            <div className="state error" role="alert">
              <code className="code">{outcome.error.code}</code> {outcome.error.message}
            </div>
          )}
          {outcome.trace_id && (
            <Link href={`/traces/${outcome.trace_id}`} data-testid="invoke-trace">
              Open trace · {formatMs(outcome.duration_ms)}
            </Link>
          )}
        </div>
      )}
    </>
  )
}

function Recent({ id }: { id: string }) {
  const spans = useLive<{ spans: SpanRow[] }>('engine::traces::list', {
    attributes: [['iii.function.id', id]],
    sort_by: 'start_time',
    sort_order: 'desc',
    limit: 20,
    include_internal: true,
  })
  return (
    <>
      <h2>Recent invocations</h2>
      <QueryView query={spans} what="invocations">
        {(data) =>
          data.spans.length === 0 ? (
            <Empty>No invocation yet.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Latency</th>
                  <th>Status</th>
                  <th>Trace</th>
                </tr>
              </thead>
              <tbody>
                {data.spans.map((s) => (
                  <tr key={s.span_id}>
                    <td>{formatTime(s.start_time_unix_nano / 1e6)}</td>
                    <td>{s.pending ? 'running' : formatMs(s.duration_ms)}</td>
                    <td className={`status-${s.status?.code ?? 'unset'}`}>
                      {s.status?.code ?? '—'}
                    </td>
                    <td>
                      <Link href={`/traces/${s.trace_id}`}>{s.trace_id.slice(0, 12)}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </>
  )
}
