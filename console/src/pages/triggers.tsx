import { useState } from 'react'
import { callFunction } from '../api/client'
import { useLive } from '../api/hooks'
import { Empty, ErrorBox, QueryView } from '../components/states'
import { useParam } from '../components/url-state'

interface Binding {
  id: string
  trigger_type: string
  function_id: string
  worker_name: string
  config: Record<string, unknown>
  config_summary?: string
}

export function Triggers() {
  const bindings = useLive<{ registered_triggers: Binding[] }>('engine::registered-triggers::list')
  const types = useLive<{ triggers: { id: string; worker_name: string; description: string }[] }>(
    'engine::triggers::list',
  )
  const [type, setType] = useParam('type')
  const [error, setError] = useState<unknown>()
  const [result, setResult] = useState<string>()
  const run = async (b: Binding) => {
    const outcome = await callFunction(b.function_id, {})
    setError(
      outcome.ok
        ? undefined
        : Object.assign(new Error(outcome.error.message), { code: outcome.error.code }),
    )
    if (outcome.ok) setResult(`${b.function_id} ran (trace ${outcome.trace_id})`)
  }
  return (
    <section>
      <h1>Triggers</h1>
      <select aria-label="trigger type" value={type} onChange={(e) => setType(e.target.value)}>
        <option value="">every type</option>
        {types.data?.triggers.map((t) => (
          <option key={t.id}>{t.id}</option>
        ))}
      </select>
      {result && <p className="muted">{result}</p>}
      {error !== undefined && <ErrorBox error={error} />}
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
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((b) => (
                  <tr key={b.id}>
                    <td>{b.trigger_type}</td>
                    <td>{b.function_id}</td>
                    <td>{b.worker_name}</td>
                    <td>
                      <code>{b.config_summary ?? JSON.stringify(b.config)}</code>
                    </td>
                    <td>
                      {b.trigger_type === 'cron' && (
                        <button type="button" onClick={() => run(b)}>
                          Run now
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }}
      </QueryView>
    </section>
  )
}
