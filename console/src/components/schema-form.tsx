import { useState } from 'react'

/** The part of JSON Schema the form understands; anything else is edited as JSON. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  enum?: unknown[]
  description?: string
  default?: unknown
}

type Values = Record<string, string | boolean>

const kindOf = (s: JsonSchema): 'string' | 'number' | 'boolean' | 'enum' | 'json' => {
  if (Array.isArray(s.enum)) return 'enum'
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type
  if (t === 'string') return 'string'
  if (t === 'number' || t === 'integer') return 'number'
  if (t === 'boolean') return 'boolean'
  return 'json'
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** True when the schema is an object the form can lay out field by field. */
export function isFormSchema(schema: unknown): schema is JsonSchema {
  const s = schema as JsonSchema | undefined
  return !!s && typeof s === 'object' && !!s.properties && Object.keys(s.properties).length > 0
}

function initialValues(schema: JsonSchema, initial?: Record<string, unknown>): Values {
  const out: Values = {}
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const kind = kindOf(s)
    const start = initial && name in initial ? initial[name] : s.default
    if (kind === 'boolean') out[name] = start === true
    else if (start !== undefined)
      out[name] = kind === 'json' ? JSON.stringify(start) : String(start)
    else out[name] = ''
  }
  return out
}

/** The payload the fields describe, or the first field that is not valid. */
function payloadOf(schema: JsonSchema, values: Values): { payload?: unknown; problem?: string } {
  const payload: Record<string, unknown> = {}
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const raw = values[name]
    const kind = kindOf(s)
    if (kind === 'boolean') {
      payload[name] = raw === true
      continue
    }
    if (raw === '' || raw === undefined) {
      if (schema.required?.includes(name)) return { problem: `${name} is required` }
      continue
    }
    if (kind === 'number') {
      const n = Number(raw)
      if (!Number.isFinite(n)) return { problem: `${name} must be a number` }
      payload[name] = n
    } else if (kind === 'json') {
      try {
        payload[name] = JSON.parse(String(raw))
      } catch {
        return { problem: `${name} must be JSON` }
      }
    } else if (kind === 'enum') {
      payload[name] = s.enum?.find((e) => String(e) === raw) ?? raw
    } else payload[name] = raw
  }
  return { payload }
}

export interface SchemaFormProps {
  schema: unknown
  busy: boolean
  onSubmit(payload: unknown): void
  /** Starting values (an entry being edited); else the schema's defaults. */
  initial?: unknown
  /** @default 'Invoke' */
  submitLabel?: string
  /** @default 'invoke' */
  label?: string
}

/**
 * The invoke form of a function: one field per property of its request schema (text, number,
 * checkbox, select, JSON for nested values), with raw JSON as the fallback and the alternative.
 */
export function SchemaForm(props: SchemaFormProps) {
  const { schema, busy, onSubmit, initial } = props
  const submitLabel = props.submitLabel ?? 'Invoke'
  const start = isPlainObject(initial) ? initial : undefined
  const formable = isFormSchema(schema) && (initial === undefined || start !== undefined)
  const [raw, setRaw] = useState(!formable)
  const [values, setValues] = useState<Values>(() =>
    formable ? initialValues(schema as JsonSchema, start) : {},
  )
  const [text, setText] = useState(() =>
    initial === undefined ? '{}' : JSON.stringify(initial, null, 2),
  )
  const [problem, setProblem] = useState<string>()
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (raw) {
      try {
        setProblem(undefined)
        onSubmit(JSON.parse(text))
      } catch {
        setProblem('the payload must be JSON')
      }
      return
    }
    const out = payloadOf(schema as JsonSchema, values)
    setProblem(out.problem)
    if (!out.problem) onSubmit(out.payload)
  }
  const toggleRaw = () => {
    if (!raw && formable)
      setText(JSON.stringify(payloadOf(schema as JsonSchema, values).payload ?? {}, null, 2))
    setRaw(!raw)
  }
  return (
    <form className="invoke-form" onSubmit={submit} aria-label={props.label ?? 'invoke'}>
      {raw || !formable ? (
        <label className="field">
          <span>{initial === undefined ? 'Payload (JSON)' : 'Value (JSON)'}</span>
          <textarea
            name="payload"
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        </label>
      ) : (
        Object.entries((schema as JsonSchema).properties ?? {}).map(([name, s]) => (
          <Field
            key={name}
            name={name}
            schema={s}
            required={(schema as JsonSchema).required?.includes(name) ?? false}
            value={values[name] ?? ''}
            onChange={(v) => setValues({ ...values, [name]: v })}
          />
        ))
      )}
      {problem && (
        <div className="state error" role="alert">
          <code className="code">INVALID_ARGUMENTS</code> {problem}
        </div>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? `${submitLabel}…` : submitLabel}
        </button>
        {formable && (
          <button type="button" className="ghost" onClick={toggleRaw}>
            {raw ? 'Form' : 'Raw JSON'}
          </button>
        )}
      </div>
    </form>
  )
}

interface FieldProps {
  name: string
  schema: JsonSchema
  required: boolean
  value: string | boolean
  onChange(value: string | boolean): void
}

function Field({ name, schema, required, value, onChange }: FieldProps) {
  const kind = kindOf(schema)
  const label = (
    <span>
      {name}
      {required && <em title="required"> *</em>}
      {schema.description && <small> — {schema.description}</small>}
    </span>
  )
  if (kind === 'boolean')
    return (
      <label className="field check">
        <input
          type="checkbox"
          name={name}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
    )
  if (kind === 'enum')
    return (
      <label className="field">
        {label}
        <select name={name} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {schema.enum?.map((o) => (
            <option key={String(o)}>{String(o)}</option>
          ))}
        </select>
      </label>
    )
  if (kind === 'json')
    return (
      <label className="field">
        {label}
        <textarea
          name={name}
          rows={3}
          placeholder="JSON"
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
    )
  return (
    <label className="field">
      {label}
      <input
        name={name}
        type={kind === 'number' ? 'number' : 'text'}
        step="any"
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  )
}
