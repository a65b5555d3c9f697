import { useState } from 'react'
import { Link } from 'wouter'
import { type HttpTestAnswer, sendHttpTest } from '../api/client'
import { formatMs } from './url-state'

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']

export interface HttpTestProps {
  method: string
  /** The route's path as bound (`orders/:id`); `:name` segments are for the user to fill. */
  path: string
}

/**
 * "Send a test request": method, path, headers and body go to the engine's HTTP listener through
 * the console server; the status, headers and body come back, with the request's trace.
 */
export function HttpTest({ method: initialMethod, path: initialPath }: HttpTestProps) {
  const [method, setMethod] = useState(initialMethod.toUpperCase())
  const [path, setPath] = useState(`/${initialPath.replace(/^\/+/, '')}`)
  const [headers, setHeaders] = useState('{}')
  const [body, setBody] = useState('')
  const [busy, setBusy] = useState(false)
  const [answer, setAnswer] = useState<HttpTestAnswer>()
  const send = async (e: React.FormEvent) => {
    e.preventDefault()
    let parsed: Record<string, string>
    try {
      parsed = JSON.parse(headers || '{}')
    } catch {
      setAnswer({
        ok: false,
        error: { code: 'INVALID_ARGUMENTS', message: 'headers must be JSON' },
      })
      return
    }
    setBusy(true)
    try {
      const withBody = body !== '' && method !== 'GET' && method !== 'HEAD'
      setAnswer(
        await sendHttpTest({ method, path, headers: parsed, body: withBody ? body : undefined }),
      )
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="http-test" aria-label="test request" onSubmit={send}>
      <div className="row">
        <select aria-label="method" value={method} onChange={(e) => setMethod(e.target.value)}>
          {methods.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <input
          className="filter"
          aria-label="path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      <div className="columns">
        <label className="field">
          <span>Headers (JSON)</span>
          <textarea
            aria-label="headers"
            rows={3}
            value={headers}
            onChange={(e) => setHeaders(e.target.value)}
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span>Body</span>
          <textarea
            aria-label="body"
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            spellCheck={false}
          />
        </label>
      </div>
      {answer && <Answer answer={answer} />}
    </form>
  )
}

function Answer({ answer }: { answer: HttpTestAnswer }) {
  if (!answer.ok)
    return (
      <div className="state error" role="alert">
        <code className="code">{answer.error.code}</code> {answer.error.message}
      </div>
    )
  return (
    <div className="outcome" data-testid="http-answer" data-status={answer.status}>
      <div className="row">
        <strong className={answer.status < 400 ? 'status-ok' : 'status-error'}>
          HTTP {answer.status}
        </strong>
        <span className="muted">{formatMs(answer.duration_ms)}</span>
        <Link href={`/traces/${answer.trace_id}`} data-testid="http-trace">
          Open trace
        </Link>
      </div>
      <h3>Response headers</h3>
      <pre className="json" data-label="response headers">
        {Object.entries(answer.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}
      </pre>
      <h3>Response body</h3>
      <pre className="json" data-label="response body">
        {prettyBody(answer.body)}
        {answer.truncated ? '\n… (truncated)' : ''}
      </pre>
    </div>
  )
}

function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
