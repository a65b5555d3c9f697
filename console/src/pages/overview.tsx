import { useQuery } from '@tanstack/react-query'
import { fetchInfo } from '../api/client'
import { useLive } from '../api/hooks'
import type { Metrics } from '../api/types'
import { Chart } from '../components/chart'
import { ErrorBox, Loading } from '../components/states'
import { since } from '../components/url-state'

const minuteMs = 60_000
const windowMinutes = 15

interface Rollups {
  buckets: { start_ms: number; functions: { invocations: number; errors: number }[] }[]
}

/** Invocations/s and errors/s per minute over the last 15 minutes, from the 1-minute rollups. */
function ratesOf(rollups: Rollups | undefined) {
  const nowMinute = Math.floor(Date.now() / minuteMs) * minuteMs
  const byStart = new Map((rollups?.buckets ?? []).map((b) => [b.start_ms, b]))
  const t: number[] = []
  const rate: number[] = []
  const errors: number[] = []
  for (let i = windowMinutes - 1; i >= 0; i--) {
    const start = nowMinute - i * minuteMs
    const fns = byStart.get(start)?.functions ?? []
    // The current minute is partial: divide by the seconds it has had.
    const seconds = i === 0 ? Math.max(1, (Date.now() - start) / 1000) : 60
    t.push(start / 1000)
    rate.push(fns.reduce((n, f) => n + f.invocations, 0) / seconds)
    errors.push(fns.reduce((n, f) => n + f.errors, 0) / seconds)
  }
  return { t, rate, errors }
}

export function Overview() {
  const info = useQuery({
    queryKey: ['info'],
    queryFn: fetchInfo,
    refetchInterval: 5000,
    retry: false,
  })
  const workers = useLive<{ workers: unknown[] }>('engine::workers::list')
  const functions = useLive<{ functions: unknown[] }>('engine::functions::list')
  const triggers = useLive<{ registered_triggers: unknown[] }>('engine::registered-triggers::list')
  const queues = useLive<{ name: string }[]>('engine::queue::list_topics')
  const dlq = useLive<{ message_count: number }[]>('engine::queue::dlq_topics')
  const metrics = useLive<Metrics>('engine::metrics::list')
  const health = useLive<{ version: string; status: string }>('engine::health::check')
  const sinceMs = Math.floor(Date.now() / minuteMs) * minuteMs - windowMinutes * minuteMs
  const rollups = useLive<Rollups>('engine::rollups::list', { resolution: '1m', since_ms: sinceMs })
  const rates = ratesOf(rollups.data)
  const m = metrics.data?.engine_metrics
  const card = (label: string, value: number | string | undefined, test: string) => (
    <div className="card" data-testid={test}>
      <div className="card-value">{value ?? '…'}</div>
      <div className="card-label">{label}</div>
    </div>
  )
  return (
    <section>
      <h1>Overview</h1>
      {info.error && <ErrorBox error={info.error} />}
      <div className="cards">
        {card('workers', workers.data?.workers.length, 'count-workers')}
        {card('functions', functions.data?.functions.length, 'count-functions')}
        {card('triggers', triggers.data?.registered_triggers.length, 'count-triggers')}
        {card('queues', queues.data?.length, 'count-queues')}
        {card('invocations', m?.['iii.invocations.total'], 'count-invocations')}
        {card('errors', m?.['iii.invocation.errors.total'], 'count-errors')}
        {card(
          'DLQ jobs',
          dlq.data?.reduce((n, d) => n + d.message_count, 0),
          'count-dlq',
        )}
      </div>
      <h2>Invocations/s and errors/s, last 15 min</h2>
      <Chart
        label="invocations per second"
        heightPx={220}
        times={rates.t}
        series={[
          { label: 'invocations/s', values: rates.rate, color: '#3b82f6' },
          { label: 'errors/s', values: rates.errors, color: '#ef4444' },
        ]}
      />
      <h2>Engine</h2>
      {info.isPending ? (
        <Loading what="engine" />
      ) : (
        <dl className="facts" data-testid="engine-facts">
          <dt>Version</dt>
          <dd>{health.data?.version ?? info.data?.engine_version}</dd>
          <dt>Health</dt>
          <dd>{health.data?.status ?? '…'}</dd>
          <dt>Engine up</dt>
          <dd data-testid="engine-uptime">
            {info.data?.engine_started_at_ms ? since(info.data.engine_started_at_ms) : '…'}
          </dd>
          <dt>Console up</dt>
          <dd>{info.data ? since(info.data.console_started_at_ms) : '…'}</dd>
          <dt>Listeners</dt>
          <dd>
            <ul className="plain">
              {info.data?.listeners.map((l) => (
                <li key={l.worker} data-listener={l.worker}>
                  {l.worker} — {l.host || '127.0.0.1'}:{l.port}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      )}
    </section>
  )
}
