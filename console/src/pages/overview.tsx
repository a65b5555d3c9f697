import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { fetchInfo } from '../api/client'
import { useLive } from '../api/hooks'
import type { Metrics } from '../api/types'
import { Chart } from '../components/chart'
import { ErrorBox, Loading } from '../components/states'
import { since } from '../components/url-state'

const windowS = 15 * 60

interface Sample {
  t: number
  calls: number
  errors: number
}

/** Invocations/s and error rate from successive metric totals, kept for 15 minutes. */
function useRates(metrics: Metrics | undefined) {
  const samples = useRef<Sample[]>([])
  const [series, setSeries] = useState<{ t: number[]; rate: number[]; errors: number[] }>({
    t: [],
    rate: [],
    errors: [],
  })
  useEffect(() => {
    if (!metrics) return
    const m = metrics.engine_metrics
    const s = {
      t: metrics.timestamp / 1000,
      calls: m['iii.invocations.total'],
      errors: m['iii.invocation.errors.total'],
    }
    const list = samples.current.filter((x) => x.t > s.t - windowS)
    list.push(s)
    samples.current = list
    const t: number[] = []
    const rate: number[] = []
    const errors: number[] = []
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as Sample
      const b = list[i] as Sample
      const dt = b.t - a.t || 1
      t.push(b.t)
      rate.push((b.calls - a.calls) / dt)
      errors.push((b.errors - a.errors) / dt)
    }
    setSeries({ t, rate, errors })
  }, [metrics])
  return series
}

export function Overview() {
  const info = useQuery({ queryKey: ['info'], queryFn: fetchInfo, refetchInterval: 5000 })
  const workers = useLive<{ workers: unknown[] }>('engine::workers::list')
  const functions = useLive<{ functions: unknown[] }>('engine::functions::list')
  const triggers = useLive<{ registered_triggers: unknown[] }>('engine::registered-triggers::list')
  const queues = useLive<{ name: string }[]>('engine::queue::list_topics')
  const dlq = useLive<{ message_count: number }[]>('engine::queue::dlq_topics')
  const metrics = useLive<Metrics>('engine::metrics::list')
  const health = useLive<{ version: string; status: string }>('engine::health::check')
  const rates = useRates(metrics.data)
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
          <dt>Console up</dt>
          <dd>{info.data ? since(info.data.console_started_at_ms) : '…'}</dd>
          <dt>Listeners</dt>
          <dd>
            <ul className="plain">
              {info.data?.listeners.map((l) => (
                <li key={l.worker}>
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
