import { useLive } from '../api/hooks'
import { JsonView } from '../components/json-view'
import { Empty, QueryView } from '../components/states'
import { useParam } from '../components/url-state'

export function Config() {
  const list = useLive<{ configurations: { id: string; description: string }[] }>(
    'configuration::list',
  )
  const [id, setId] = useParam('id')
  return (
    <section>
      <h1>Config</h1>
      <div className="columns narrow-left">
        <QueryView query={list} what="configuration entries">
          {(data) => (
            <ul className="pick" aria-label="configuration entries">
              {data.configurations.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className={c.id === id ? 'active' : 'ghost'}
                    onClick={() => setId(c.id)}
                  >
                    {c.id}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
        <div>{id ? <Entry id={id} /> : <Empty>Pick an entry.</Empty>}</div>
      </div>
    </section>
  )
}

function Entry({ id }: { id: string }) {
  const value = useLive<{ value: unknown }>('configuration::get', { id })
  return (
    <>
      <h2>{id}</h2>
      <p className="muted">Secrets are redacted by the console server.</p>
      <QueryView query={value} what="the value">
        {(data) => <JsonView value={data.value} label="configuration value" />}
      </QueryView>
    </>
  )
}
