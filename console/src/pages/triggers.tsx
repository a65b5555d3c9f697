import { Fragment, useState } from 'react'
import { Link } from 'wouter'
import { type CallOutcome, callFunction } from '../api/client'
import { useLive } from '../api/hooks'
import { HttpTest } from '../components/http-test'
import { Empty, QueryView } from '../components/states'
import { formatMs, useParam } from '../components/url-state'

interface Binding {
  id: string
  trigger_type: string
  function_id: string
  worker_name: string
  config: Record<string, unknown>
  config_summary?: string
  status?: 'active' | 'parked'
  parked_reason?: string
}

export function Triggers() {
  const bindings = useLive<{ registered_triggers: Binding[] }>('engine::registered-triggers::list')
  const types = useLive<{ triggers: { id: string; worker_name: string; description: string }[] }>(
    'engine::triggers::list',
  )
  const [type, setType] = useParam('type')
  const [testing, setTesting] = useParam('test')
  return (
    <section>
      <h1>Triggers</h1>
      <select aria-label="trigger type" value={type} onChange={(e) => setType(e.target.value)}>
        <option value="">every type</option>
        {types.data?.triggers.map((t) => (
          <option key={t.id}>{t.id}</option>
        ))}
      </select>
      <QueryView query={bindings} what="bindings">
        {(data) => {
          const rows = data.registered_triggers.filter((b) => !type || b.trigger_type === type)
          if (rows.length === 0) return <Empty>No binding.</Empty>
          return (
            <table className="table" aria-label="bindings">
              <thead>
                <tr>
                  <th>Type</th>
                  <th>Function</th>
                  <th>Worker</th>
                  <th>Config</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <Fragment key={b.id}>
                    <BindingRow
                      binding={b}
                      testing={testing === b.id}
                      onTest={() => setTesting(testing === b.id ? '' : b.id)}
                    />
                    {testing === b.id && b.trigger_type === 'http' && (
                      <tr>
                        <td colSpan={6}>
                          <HttpTest
                            method={String(b.config.http_method ?? 'GET')}
                            path={String(b.config.api_path ?? '')}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )
        }}
      </QueryView>
    </section>
  )
}

interface RowProps {
  binding: Binding
  testing: boolean
  onTest(): void
}

function BindingRow({ binding: b, testing, onTest }: RowProps) {
  const parked = b.status === 'parked'
  return (
    <tr data-binding={b.id} data-status={b.status}>
      <td>{b.trigger_type}</td>
      <td>
        <Link href={`/functions/${encodeURIComponent(b.function_id)}`}>{b.function_id}</Link>
      </td>
      <td>{b.worker_name}</td>
      <td>
        {b.trigger_type === 'http' ? (
          <code>
            {String(b.config.http_method ?? 'GET').toUpperCase()} /
            {String(b.config.api_path ?? '').replace(/^\/+/, '')}
          </code>
        ) : (
          <code>{b.config_summary ?? JSON.stringify(b.config)}</code>
        )}
        {b.trigger_type === 'cron' && !parked && <NextRuns triggerId={b.id} />}
      </td>
      <td>
        {parked ? (
          <span className="status-error" data-testid="parked">
            parked: {b.parked_reason}
          </span>
        ) : (
          <span className="status-ok">active</span>
        )}
      </td>
      <td>
        {b.trigger_type === 'cron' && !parked && <RunNow triggerId={b.id} />}
        {b.trigger_type === 'http' && (
          <button type="button" className={testing ? '' : 'ghost'} onClick={onTest}>
            Send a test request
          </button>
        )}
      </td>
    </tr>
  )
}

/** The next fire times of a cron binding, from `iii::cron::next_runs`. */
function NextRuns({ triggerId }: { triggerId: string }) {
  const runs = useLive<{ next_runs: string[] }>('iii::cron::next_runs', {
    trigger_id: triggerId,
    count: 3,
  })
  if (!runs.data) return null
  return (
    <div className="muted next-runs" data-testid="next-runs">
      next:{' '}
      {runs.data.next_runs.map((t) => (
        <time key={t} dateTime={t} title={t}>
          {new Date(t).toLocaleString()}
        </time>
      ))}
    </div>
  )
}

/** "Run now": fires the binding once through `iii::cron::run_now` and shows the outcome. */
function RunNow({ triggerId }: { triggerId: string }) {
  const [outcome, setOutcome] = useState<CallOutcome>()
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    try {
      setOutcome(await callFunction('iii::cron::run_now', { trigger_id: triggerId }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" onClick={run} disabled={busy}>
        Run now
      </button>
      {outcome && (
        <div className="run-outcome" data-testid="run-outcome" data-ok={String(outcome.ok)}>
          {outcome.ok ? (
            <span className="status-ok">ran · {formatMs(outcome.duration_ms)}</span>
          ) : (
            <span className="status-error">
              <code className="code">{outcome.error.code}</code> {outcome.error.message}
            </span>
          )}{' '}
          {outcome.trace_id && <Link href={`/traces/${outcome.trace_id}`}>trace</Link>}
        </div>
      )}
    </>
  )
}
