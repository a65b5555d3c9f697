import { useLive } from '../api/hooks'
import { downloadJson, useGroupMonitor } from '../components/group-monitor'
import { JsonView } from '../components/json-view'
import { Empty, QueryView } from '../components/states'
import { useParam } from '../components/url-state'

export function Streams() {
  const all = useLive<{ stream: { id: string; groups: string[] }[] }>('stream::list_all')
  const [stream, setStream] = useParam('stream')
  const [group, setGroup] = useParam('group')
  return (
    <section>
      <h1>Streams</h1>
      <QueryView query={all} what="streams">
        {(data) =>
          data.stream.length === 0 ? (
            <Empty>No stream holds an item.</Empty>
          ) : (
            <ul className="pick" aria-label="streams">
              {data.stream.flatMap((s) =>
                s.groups.map((g) => (
                  <li key={`${s.id}/${g}`}>
                    <button
                      type="button"
                      className={s.id === stream && g === group ? 'active' : 'ghost'}
                      onClick={() => {
                        setStream(s.id)
                        setGroup(g)
                      }}
                    >
                      {s.id} › {g}
                    </button>
                  </li>
                )),
              )}
            </ul>
          )
        }
      </QueryView>
      {stream && group && <Group stream={stream} group={group} />}
    </section>
  )
}

function Group({ stream, group }: { stream: string; group: string }) {
  const items = useLive<unknown[]>('stream::list', { stream_name: stream, group_id: group })
  const monitor = useGroupMonitor(items.data)
  const exportJson = () =>
    downloadJson(
      {
        stream_name: stream,
        group_id: group,
        exported_at: new Date().toISOString(),
        items: monitor.items ?? [],
        events: monitor.events.map(({ at, added, removed }) => ({
          at: new Date(at).toISOString(),
          added,
          removed,
        })),
      },
      `${stream}-${group}.json`,
    )
  return (
    <div data-testid="group-monitor" data-paused={String(monitor.paused)}>
      <div className="row">
        <h2>
          {stream} › {group} {monitor.paused ? '(paused)' : '(live)'}
        </h2>
        <button type="button" className="ghost" onClick={() => monitor.setPaused(!monitor.paused)}>
          {monitor.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="ghost" onClick={monitor.clear}>
          Clear
        </button>
        <button type="button" className="ghost" onClick={exportJson}>
          Export JSON
        </button>
        {monitor.missed > 0 && (
          <span className="muted" data-testid="missed">
            {monitor.missed} update{monitor.missed === 1 ? '' : 's'} while paused
          </span>
        )}
      </div>
      <div className="columns">
        <div>
          <h3>Items</h3>
          <QueryView query={items} what="items">
            {() => <JsonView value={monitor.items} label="items" />}
          </QueryView>
        </div>
        <div>
          <h3>Changes ({monitor.events.length})</h3>
          {monitor.events.length === 0 ? (
            <Empty>No change seen yet.</Empty>
          ) : (
            <ol className="plain events" aria-label="changes">
              {monitor.events.map((e) => (
                <li key={e.seq}>
                  <time className="muted">{new Date(e.at).toLocaleTimeString()}</time>
                  {e.added.map((a) => (
                    <code key={`+${JSON.stringify(a)}`} className="status-ok">
                      + {JSON.stringify(a)}
                    </code>
                  ))}
                  {e.removed.map((r) => (
                    <code key={`-${JSON.stringify(r)}`} className="status-error">
                      − {JSON.stringify(r)}
                    </code>
                  ))}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </div>
  )
}
