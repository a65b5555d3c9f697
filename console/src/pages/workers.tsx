import { useLocation } from 'wouter'
import { useLive } from '../api/hooks'
import type { WorkerRow } from '../api/types'
import { Empty, QueryView } from '../components/states'
import { since, useParam } from '../components/url-state'
import { VirtualTable } from '../components/virtual-table'

export function Workers() {
  const workers = useLive<{ workers: WorkerRow[] }>('engine::workers::list')
  const [search, setSearch] = useParam('q')
  const [, navigate] = useLocation()
  return (
    <section>
      <h1>Workers</h1>
      <input
        className="filter"
        placeholder="Filter by name or runtime"
        aria-label="filter workers"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <QueryView query={workers} what="workers">
        {(data) => {
          const rows = data.workers.filter((w) =>
            `${w.name} ${w.runtime}`.toLowerCase().includes(search.toLowerCase()),
          )
          if (rows.length === 0) return <Empty>No worker matches.</Empty>
          return (
            <VirtualTable
              label="workers"
              rows={rows}
              rowKey={(w) => w.id}
              onOpen={(w) => navigate(`/functions?worker=${encodeURIComponent(w.name)}`)}
              columns={[
                { header: 'Name', width: '2fr', cell: (w) => w.name },
                { header: 'Runtime', width: '1fr', cell: (w) => w.runtime },
                { header: 'SDK', width: '1fr', cell: (w) => w.version },
                { header: 'Pid', width: '80px', cell: (w) => w.pid ?? '—' },
                { header: 'Address', width: '1fr', cell: (w) => w.ip_address || 'in-engine' },
                { header: 'Connected', width: '1fr', cell: (w) => since(w.connected_at_ms) },
                { header: 'Functions', width: '90px', cell: (w) => w.function_count },
                { header: 'In flight', width: '90px', cell: (w) => w.active_invocations },
              ]}
            />
          )
        }}
      </QueryView>
    </section>
  )
}
