import { useMemo } from 'react'
import { useLocation } from 'wouter'
import { useLive } from '../api/hooks'
import type { FunctionRow } from '../api/types'
import { Empty, QueryView } from '../components/states'
import { useParam } from '../components/url-state'
import { type Column, VirtualTable } from '../components/virtual-table'

const columns: Column<FunctionRow>[] = [
  { header: 'Function', width: '2fr', cell: (f) => f.function_id },
  { header: 'Namespace', width: '1fr', cell: (f) => f.namespace },
  { header: 'Worker', width: '1fr', cell: (f) => f.worker_name },
  { header: 'Description', width: '3fr', cell: (f) => f.description ?? '' },
]
const rowKey = (f: FunctionRow) => `${f.namespace}/${f.function_id}`

export function Functions() {
  const [search, setSearch] = useParam('q')
  const [worker, setWorker] = useParam('worker')
  const [namespace, setNamespace] = useParam('ns')
  const functions = useLive<{ functions: FunctionRow[] }>('engine::functions::list')
  const [, navigate] = useLocation()
  // Filtered once per change of the list or a filter, not on every render (scrolling re-renders).
  const rows = useMemo(() => {
    const q = search.toLowerCase()
    return (functions.data?.functions ?? []).filter(
      (f) =>
        f.function_id.toLowerCase().includes(q) &&
        (!worker || f.worker_name === worker) &&
        (!namespace || f.namespace === namespace),
    )
  }, [functions.data, search, worker, namespace])
  return (
    <section>
      <h1>Functions</h1>
      <div className="row">
        <input
          className="filter"
          placeholder="Search function ids"
          aria-label="search functions"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <input
          className="filter small"
          placeholder="worker"
          aria-label="worker"
          value={worker}
          onChange={(e) => setWorker(e.target.value)}
        />
        <input
          className="filter small"
          placeholder="namespace"
          aria-label="namespace"
          value={namespace}
          onChange={(e) => setNamespace(e.target.value)}
        />
      </div>
      <QueryView query={functions} what="functions">
        {() => {
          if (rows.length === 0) return <Empty>No function matches.</Empty>
          return (
            <>
              <div className="muted" data-testid="function-count">
                {rows.length} functions
              </div>
              <VirtualTable
                label="functions"
                rows={rows}
                rowKey={rowKey}
                onOpen={(f) =>
                  navigate(
                    `/functions/${encodeURIComponent(f.function_id)}?ns=${encodeURIComponent(f.namespace)}`,
                  )
                }
                columns={columns}
              />
            </>
          )
        }}
      </QueryView>
    </section>
  )
}
