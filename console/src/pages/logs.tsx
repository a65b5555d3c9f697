import { useMemo, useState } from 'react'
import { Link } from 'wouter'
import { useCall, useTail } from '../api/hooks'
import type { LogRow } from '../api/types'
import { Empty, QueryView } from '../components/states'
import { useParam } from '../components/url-state'
import { type Column, VirtualTable } from '../components/virtual-table'

const levels: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17 }
const maxRows = 100_000

const text = (r: LogRow) => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body))
const rowId = (r: LogRow) => `${r.timestamp_unix_nano}|${r.span_id ?? ''}|${text(r)}`

/** A key per record object that stays the same when older rows are dropped from the front. */
const keys = new WeakMap<LogRow, string>()
let nextKey = 0
const keyOf = (r: LogRow) => {
  let key = keys.get(r)
  if (key === undefined) {
    key = `l${++nextKey}`
    keys.set(r, key)
  }
  return key
}

const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

const columns: Column<LogRow>[] = [
  { header: 'Time', width: '120px', cell: (r) => clock.format(r.timestamp_unix_nano / 1e6) },
  {
    header: 'Level',
    width: '70px',
    cell: (r) => <span className={`lvl-${r.severity_text.toLowerCase()}`}>{r.severity_text}</span>,
  },
  { header: 'Service', width: '120px', cell: (r) => r.service_name ?? '' },
  { header: 'Message', width: '4fr', cell: (r) => text(r) },
  {
    header: 'Trace',
    width: '110px',
    cell: (r) =>
      r.trace_id ? <Link href={`/traces/${r.trace_id}`}>{r.trace_id.slice(0, 10)}</Link> : '',
  },
]

export function Logs() {
  const [level, setLevel] = useParam('level')
  const [search, setSearch] = useParam('q')
  const [trace, setTrace] = useParam('trace')
  const [live, setLive] = useParam('live', '1')
  const payload: Record<string, unknown> = {}
  if (level) payload.severity_min = levels[level]
  if (trace) payload.trace_id = trace
  // History once; the tail brings what comes after (rows both saw are shown once).
  const history = useCall<{ logs: LogRow[] }>('engine::logs::list', { ...payload, limit: 1000 })
  const [paused, setPaused] = useState(false)
  const past = useMemo(
    () =>
      [...(history.data?.logs ?? [])].sort((a, b) => a.timestamp_unix_nano - b.timestamp_unix_nano),
    [history.data],
  )
  const seen = useMemo(() => new Set(past.map(rowId)), [past])
  // Rows both the history and the tail saw are dropped from the tail as they arrive.
  const tail = useTail<LogRow>(payload, {
    max: maxRows,
    paused: live !== '1' || paused,
    skip: (r) => seen.size > 0 && seen.has(rowId(r)),
  })
  const q = search.toLowerCase()
  const rows = useMemo(() => {
    const all = past.length > 0 ? past.concat(tail.rows) : tail.rows
    return q ? all.filter((r) => text(r).toLowerCase().includes(q)) : all
  }, [past, tail.rows, q])
  return (
    <section>
      <h1>Logs</h1>
      <div className="row">
        <select aria-label="level" value={level} onChange={(e) => setLevel(e.target.value)}>
          <option value="">all levels</option>
          {Object.keys(levels).map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
        <input
          className="filter"
          placeholder="text"
          aria-label="text"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <input
          className="filter small"
          placeholder="trace id"
          aria-label="trace id"
          value={trace}
          onChange={(e) => setTrace(e.target.value)}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={live === '1'}
            onChange={(e) => setLive(e.target.checked ? '1' : '0')}
          />{' '}
          live tail
        </label>
        <button type="button" className="ghost" onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="ghost" onClick={tail.clear}>
          Clear
        </button>
      </div>
      <QueryView query={history} what="logs">
        {() =>
          rows.length === 0 ? (
            <Empty>No log line matches.</Empty>
          ) : (
            <VirtualTable
              label="logs"
              rows={rows}
              rowKey={keyOf}
              followTail
              rowHeightPx={28}
              columns={columns}
            />
          )
        }
      </QueryView>
    </section>
  )
}
