import { useState } from 'react'
import { Link } from 'wouter'
import { callFunction } from '../api/client'
import { useLive } from '../api/hooks'
import { JsonView } from '../components/json-view'
import { Empty, ErrorBox, QueryView } from '../components/states'
import { useParam } from '../components/url-state'

interface Topic {
  name: string
  broker_type: string
  subscriber_count: number
}
interface DlqTopic {
  topic: string
  message_count: number
}
interface DlqMessage {
  id: string
  payload: unknown
  error: string
  failed_at: number
  retries: number
  /** The trace the failed deliveries ran in. */
  trace_id?: string
}

export function Queues() {
  const topics = useLive<Topic[]>('engine::queue::list_topics')
  const dlq = useLive<DlqTopic[]>('engine::queue::dlq_topics')
  const [open, setOpen] = useParam('dlq')
  return (
    <section>
      <h1>Queues</h1>
      <QueryView query={topics} what="queues">
        {(list) =>
          list.length === 0 ? (
            <Empty>No queue.</Empty>
          ) : (
            <table className="table" aria-label="queues">
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>Type</th>
                  <th>Depth</th>
                  <th>Consumers</th>
                  <th>DLQ</th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <QueueRow
                    key={t.name}
                    topic={t}
                    dlq={dlq.data?.find((d) => d.topic === t.name)}
                    onOpen={() => setOpen(t.name)}
                  />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <h2>Dead-letter queue</h2>
      <QueryView query={dlq} what="the DLQ">
        {(list) =>
          list.length === 0 ? (
            <Empty>The DLQ is empty.</Empty>
          ) : (
            <div className="row">
              {list.map((d) => (
                <button
                  type="button"
                  key={d.topic}
                  className={open === d.topic ? '' : 'ghost'}
                  onClick={() => setOpen(d.topic)}
                >
                  {d.topic} ({d.message_count})
                </button>
              ))}
            </div>
          )
        }
      </QueryView>
      {open && <DlqMessages queue={open} />}
    </section>
  )
}

function QueueRow({ topic, dlq, onOpen }: { topic: Topic; dlq?: DlqTopic; onOpen(): void }) {
  const stats = useLive<{ depth: number; consumer_count: number; dlq_depth: number }>(
    'engine::queue::topic_stats',
    { topic: topic.name },
  )
  return (
    <tr data-queue={topic.name}>
      <td>{topic.name}</td>
      <td>{topic.broker_type}</td>
      <td data-testid="depth">{stats.data?.depth ?? '…'}</td>
      <td>{stats.data?.consumer_count ?? topic.subscriber_count}</td>
      <td>
        <button type="button" className="link-button" onClick={onOpen}>
          {dlq?.message_count ?? stats.data?.dlq_depth ?? 0}
        </button>
      </td>
    </tr>
  )
}

function DlqMessages({ queue }: { queue: string }) {
  const messages = useLive<DlqMessage[]>('engine::queue::dlq_messages', {
    topic: queue,
    limit: 200,
  })
  const [error, setError] = useState<unknown>()
  const [done, setDone] = useState<string>()
  const act = async (fn: string, payload: Record<string, unknown>, what: string) => {
    if (!window.confirm(`${what}?`)) return
    const outcome = await callFunction(fn, payload)
    if (outcome.ok) {
      setError(undefined)
      setDone(`${what}: done`)
    } else setError(Object.assign(new Error(outcome.error.message), { code: outcome.error.code }))
  }
  return (
    <div className="dlq" data-testid="dlq-messages">
      <div className="row">
        <h3>{queue}</h3>
        <button
          type="button"
          onClick={() => act('iii::queue::redrive', { queue }, `Redrive all of ${queue}`)}
        >
          Redrive all
        </button>
        {done && <span className="muted">{done}</span>}
      </div>
      {error !== undefined && <ErrorBox error={error} />}
      <QueryView query={messages} what="DLQ jobs">
        {(list) =>
          list.length === 0 ? (
            <Empty>No job in this DLQ.</Empty>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Job</th>
                  <th>Error</th>
                  <th>Attempts</th>
                  <th>Failed at</th>
                  <th>Payload</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id} data-job={m.id}>
                    <td>
                      <code>{m.id.slice(0, 12)}</code>
                    </td>
                    <td className="status-error">{m.error}</td>
                    <td>{m.retries}</td>
                    <td>{new Date(m.failed_at * 1000).toLocaleString()}</td>
                    <td>
                      <JsonView value={m.payload} />
                    </td>
                    <td>
                      <button
                        type="button"
                        onClick={() =>
                          act(
                            'iii::queue::redrive_message',
                            { queue, message_id: m.id },
                            `Redrive job ${m.id}`,
                          )
                        }
                      >
                        Redrive
                      </button>{' '}
                      <button
                        type="button"
                        className="danger"
                        onClick={() =>
                          act(
                            'iii::queue::discard_message',
                            { queue, message_id: m.id },
                            `Discard job ${m.id}`,
                          )
                        }
                      >
                        Discard
                      </button>{' '}
                      {m.trace_id ? (
                        <Link href={`/traces/${m.trace_id}`} data-testid="dlq-trace">
                          trace
                        </Link>
                      ) : (
                        <span className="muted" title="the job was enqueued without tracing">
                          no trace
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </div>
  )
}
