import { useLocation } from 'wouter'
import { useLive } from '../api/hooks'
import type { SpanRow } from '../api/types'
import { Empty, QueryView } from '../components/states'
import { formatMs, formatTime, useParam } from '../components/url-state'
import { VirtualTable } from '../components/virtual-table'

const windows: Record<string, number> = { '5m': 5, '15m': 15, '1h': 60, '24h': 1440 }

export function Traces() {
  const [service, setService] = useParam('service')
  const [name, setName] = useParam('name')
  const [status, setStatus] = useParam('status')
  const [minMs, setMinMs] = useParam('min_ms')
  const [range, setRange] = useParam('range', '1h')
  const minutes = windows[range] ?? 60
  const payload: Record<string, unknown> = { limit: 500, sort_by: 'start_time', sort_order: 'desc' }
  if (service) payload.service_name = service
  if (name) payload.name = name
  if (status) payload.status = status
  if (minMs) payload.min_duration_ms = Number(minMs)
  // Rounded to the minute so the live subscription stays the same call between renders.
  payload.start_time = Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000
  const spans = useLive<{ spans: SpanRow[]; total: number }>('engine::traces::list', payload)
  const [, navigate] = useLocation()
  return (
    <section>
      <h1>Traces</h1>
      <div className="row">
        <input
          className="filter small"
          placeholder="service"
          aria-label="service"
          value={service}
          onChange={(e) => setService(e.target.value)}
        />
        <input
          className="filter"
          placeholder="span or function name"
          aria-label="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <select aria-label="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any status</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
        <input
          className="filter small"
          type="number"
          placeholder="min ms"
          aria-label="minimum duration"
          value={minMs}
          onChange={(e) => setMinMs(e.target.value)}
        />
        <select aria-label="time range" value={range} onChange={(e) => setRange(e.target.value)}>
          {Object.keys(windows).map((w) => (
            <option key={w}>{w}</option>
          ))}
        </select>
      </div>
      <QueryView query={spans} what="traces">
        {(data) =>
          data.spans.length === 0 ? (
            <Empty>No span matches.</Empty>
          ) : (
            <VirtualTable
              label="spans"
              rows={data.spans}
              rowKey={(s) => s.span_id}
              onOpen={(s) => navigate(`/traces/${s.trace_id}`)}
              columns={[
                {
                  header: 'Time',
                  width: '110px',
                  cell: (s) => formatTime(s.start_time_unix_nano / 1e6),
                },
                { header: 'Span', width: '2fr', cell: (s) => s.name },
                { header: 'Service', width: '1fr', cell: (s) => s.service_name },
                {
                  header: 'Duration',
                  width: '100px',
                  cell: (s) => (s.pending ? 'running' : formatMs(s.duration_ms)),
                },
                {
                  header: 'Status',
                  width: '80px',
                  cell: (s) => <span className={`status-${s.status?.code}`}>{s.status?.code}</span>,
                },
                { header: 'Trace', width: '1fr', cell: (s) => s.trace_id.slice(0, 16) },
              ]}
            />
          )
        }
      </QueryView>
    </section>
  )
}
