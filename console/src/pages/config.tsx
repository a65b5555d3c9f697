import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'wouter'
import { type CallOutcome, callFunction } from '../api/client'
import { useCall, useLive } from '../api/hooks'
import { JsonView } from '../components/json-view'
import { isFormSchema, SchemaForm } from '../components/schema-form'
import { Empty, QueryView } from '../components/states'
import { useParam } from '../components/url-state'

interface EntrySummary {
  id: string
  name?: string
  description: string
  schema?: unknown
}

export function Config() {
  const list = useLive<{ configurations: EntrySummary[] }>('configuration::list')
  const [id, setId] = useParam('id')
  const entry = list.data?.configurations.find((c) => c.id === id)
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
        <div>{id ? <Entry id={id} entry={entry} /> : <Empty>Pick an entry.</Empty>}</div>
      </div>
    </section>
  )
}

function Entry({ id, entry }: { id: string; entry?: EntrySummary }) {
  const value = useLive<{ value: unknown }>('configuration::get', { id })
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const editable = entry?.schema !== undefined && id !== 'iii-console'
  return (
    <>
      <div className="row">
        <h2>{id}</h2>
        {editable && (
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setSaved(false)
              setEditing(!editing)
            }}
          >
            {editing ? 'Close editor' : 'Edit'}
          </button>
        )}
      </div>
      {entry?.description && <p>{entry.description}</p>}
      <p className="muted">
        Secrets are redacted by the console server; a redacted field you leave as it is keeps its
        stored value.
        {id === 'iii-console' &&
          ' The console cannot restart itself: edit its block in the config file.'}
      </p>
      {editing && entry?.schema !== undefined && (
        <Editor
          key={id}
          id={id}
          schema={entry.schema}
          onDone={() => {
            setEditing(false)
            setSaved(true)
          }}
        />
      )}
      {saved && (
        <p className="status-ok" data-testid="config-saved">
          Saved through configuration::set.
        </p>
      )}
      <QueryView query={value} what="the value">
        {(data) => <JsonView value={data.value} label="configuration value" />}
      </QueryView>
    </>
  )
}

/**
 * Edits an entry through `configuration::set`: a form from its schema (or JSON), starting from
 * the stored value with `${VAR}` placeholders as written. The worker validates; its error shows
 * with its code.
 */
function Editor({ id, schema, onDone }: { id: string; schema: unknown; onDone(): void }) {
  const raw = useCall<{ value: unknown }>('configuration::get', { id, raw: true })
  const client = useQueryClient()
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<CallOutcome>()
  const save = async (value: unknown) => {
    setBusy(true)
    try {
      const result = await callFunction('configuration::set', { id, value })
      setOutcome(result)
      if (result.ok) {
        await client.invalidateQueries({ queryKey: ['call', 'configuration::get'] })
        onDone()
      }
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="editor" data-testid="config-editor">
      <QueryView query={raw} what="the stored value">
        {(data) => (
          <>
            {!isFormSchema(schema) && (
              <p className="muted">No field layout in the schema: edit the JSON.</p>
            )}
            <SchemaForm
              schema={schema}
              initial={data.value ?? {}}
              busy={busy}
              onSubmit={save}
              submitLabel="Save"
              label="edit configuration"
            />
          </>
        )}
      </QueryView>
      {outcome && !outcome.ok && (
        <div className="state error" role="alert" data-testid="config-error">
          <code className="code">{outcome.error.code}</code> {outcome.error.message}
          {outcome.trace_id && (
            <>
              {' '}
              <Link href={`/traces/${outcome.trace_id}`}>trace</Link>
            </>
          )}
        </div>
      )}
    </div>
  )
}
