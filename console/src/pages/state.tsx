import { useState } from 'react'
import { callFunction } from '../api/client'
import { useLive } from '../api/hooks'
import { JsonView } from '../components/json-view'
import { Empty, ErrorBox, QueryView } from '../components/states'
import { useParam } from '../components/url-state'

export function State() {
  const groups = useLive<{ groups: string[] }>('state::list_groups')
  const [scope, setScope] = useParam('scope')
  return (
    <section>
      <h1>State</h1>
      <div className="columns narrow-left">
        <div>
          <h2>Scopes</h2>
          <QueryView query={groups} what="scopes">
            {(data) =>
              data.groups.length === 0 ? (
                <Empty>No scope holds a key.</Empty>
              ) : (
                <ul className="pick" aria-label="scopes">
                  {data.groups.map((g) => (
                    <li key={g}>
                      <button
                        type="button"
                        className={g === scope ? 'active' : 'ghost'}
                        onClick={() => setScope(g)}
                      >
                        {g}
                      </button>
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </div>
        <div>{scope ? <Scope scope={scope} /> : <Empty>Pick a scope.</Empty>}</div>
      </div>
    </section>
  )
}

function Scope({ scope }: { scope: string }) {
  const keys = useLive<{ keys: string[] }>('state::list_keys', { scope })
  const [key, setKey] = useParam('key')
  return (
    <>
      <h2>{scope}</h2>
      <div className="columns narrow-left">
        <QueryView query={keys} what="keys">
          {(data) =>
            data.keys.length === 0 ? (
              <Empty>Empty scope.</Empty>
            ) : (
              <ul className="pick" aria-label="keys">
                {data.keys.map((k) => (
                  <li key={k}>
                    <button
                      type="button"
                      className={k === key ? 'active' : 'ghost'}
                      onClick={() => setKey(k)}
                    >
                      {k}
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryView>
        <Editor scope={scope} stateKey={key} onKey={setKey} />
      </div>
    </>
  )
}

function Editor({
  scope,
  stateKey,
  onKey,
}: {
  scope: string
  stateKey: string
  onKey(k: string): void
}) {
  const value = useLive<unknown>('state::get', { scope, key: stateKey }, stateKey !== '')
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<unknown>()
  const act = async (fn: string, payload: Record<string, unknown>) => {
    const outcome = await callFunction(fn, payload)
    setError(
      outcome.ok
        ? undefined
        : Object.assign(new Error(outcome.error.message), { code: outcome.error.code }),
    )
  }
  const save = () => {
    try {
      void act('state::set', { scope, key: stateKey, value: JSON.parse(draft) })
    } catch {
      setError(new Error('the value must be JSON'))
    }
  }
  return (
    <div className="editor" data-testid="state-editor">
      <label className="field">
        <span>Key</span>
        <input aria-label="key" value={stateKey} onChange={(e) => onKey(e.target.value)} />
      </label>
      {stateKey && (
        <>
          <h3>Current value (live)</h3>
          <div data-testid="state-value">
            <JsonView value={value.data} label="value" />
          </div>
          <label className="field">
            <span>New value (JSON)</span>
            <textarea
              aria-label="new value"
              rows={5}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <div className="row">
            <button
              type="button"
              onClick={() => setDraft(JSON.stringify(value.data ?? null, null, 2))}
              className="ghost"
            >
              Edit current
            </button>
            <button type="button" onClick={save}>
              Set
            </button>
            <button
              type="button"
              className="danger"
              onClick={() =>
                window.confirm(`Delete ${scope} › ${stateKey}?`) &&
                void act('state::delete', { scope, key: stateKey })
              }
            >
              Delete
            </button>
          </div>
        </>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  )
}
