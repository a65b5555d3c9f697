import { useState } from 'react'
import { Link } from 'wouter'
import { useLive } from '../api/hooks'
import type { SpanRow } from '../api/types'
import { JsonView } from '../components/json-view'
import { Empty, QueryView } from '../components/states'
import { formatMs } from '../components/url-state'

interface Bar {
  span: SpanRow
  depth: number
}

/** Spans depth-first, children under their parent, each level in start order. */
function flatten(roots: SpanRow[], depth = 0, out: Bar[] = []): Bar[] {
  const sorted = [...roots].sort((a, b) => a.start_time_unix_nano - b.start_time_unix_nano)
  for (const span of sorted) {
    out.push({ span, depth })
    flatten(span.children ?? [], depth + 1, out)
  }
  return out
}

export function TraceDetail({ id }: { id: string }) {
  const tree = useLive<{ roots: SpanRow[] }>('engine::traces::tree', { trace_id: id }, true)
  const [selected, setSelected] = useState<string>()
  return (
    <section>
      <h1>
        <Link href="/traces">Traces</Link> › <code>{id}</code>
      </h1>
      <p>
        <Link href={`/logs?trace=${id}`}>Logs of this trace</Link>
      </p>
      <QueryView query={tree} what="the trace">
        {(data) => {
          const bars = flatten(data.roots)
          if (bars.length === 0) return <Empty>No span of this trace is stored (yet).</Empty>
          const start = Math.min(...bars.map((b) => b.span.start_time_unix_nano))
          const end = Math.max(
            ...bars.map((b) => b.span.end_time_unix_nano ?? b.span.start_time_unix_nano),
          )
          const total = Math.max(end - start, 1)
          const chosen = bars.find((b) => b.span.span_id === selected)?.span
          return (
            <>
              <div className="waterfall" role="tree" aria-label="waterfall">
                {bars.map(({ span, depth }) => {
                  const left = ((span.start_time_unix_nano - start) / total) * 100
                  const width = Math.max(
                    (((span.end_time_unix_nano ?? end) - span.start_time_unix_nano) / total) * 100,
                    0.5,
                  )
                  return (
                    <button
                      type="button"
                      role="treeitem"
                      key={span.span_id}
                      data-span={span.name}
                      data-depth={depth}
                      data-parent={span.parent_span_id ?? ''}
                      data-span-id={span.span_id}
                      className={`wf-row${span.span_id === selected ? ' active' : ''}`}
                      onClick={() => setSelected(span.span_id)}
                    >
                      <span className="wf-name" style={{ paddingLeft: depth * 16 }}>
                        {span.name}
                        <small> {span.service_name}</small>
                      </span>
                      <span className="wf-track">
                        <span
                          className={`wf-bar status-${span.status?.code ?? 'unset'}`}
                          style={{ left: `${left}%`, width: `${width}%` }}
                        />
                      </span>
                      <span className="wf-ms">{formatMs(span.duration_ms)}</span>
                    </button>
                  )
                })}
              </div>
              {chosen && (
                <div className="span-detail">
                  <h2>{chosen.name}</h2>
                  {chosen.status?.code === 'error' && (
                    <div className="state error">{chosen.status.message ?? 'error'}</div>
                  )}
                  <h3>Attributes</h3>
                  <JsonView value={chosen.attributes} />
                  <h3>Events</h3>
                  <JsonView value={chosen.events} />
                </div>
              )}
            </>
          )
        }}
      </QueryView>
    </section>
  )
}
