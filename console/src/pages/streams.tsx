import { useLive } from '../api/hooks'
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
  const exportJson = () => {
    const blob = new Blob([JSON.stringify(items.data ?? [], null, 2)], { type: 'application/json' })
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = `${stream}-${group}.json`
    a.click()
  }
  return (
    <>
      <div className="row">
        <h2>
          {stream} › {group} (live)
        </h2>
        <button type="button" className="ghost" onClick={exportJson}>
          Export JSON
        </button>
      </div>
      <QueryView query={items} what="items">
        {(list) => <JsonView value={list} label="items" />}
      </QueryView>
    </>
  )
}
