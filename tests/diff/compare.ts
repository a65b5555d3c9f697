import { messageClass, type NormaliseOptions, normalise } from './normalise'

/** What one scripted step produced on one engine. */
export type Outcome =
  | { kind: 'result'; value: unknown }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'http'; status: number; body: unknown; contentType?: string }
  | { kind: 'skipped'; why: string }

/** One difference between the two engines' outcomes of a step. */
export interface Difference {
  step: string
  /** Where in the outcome: `kind`, `code`, `message`, `status`, `body.a.b`, `result.x`. */
  at: string
  ours: unknown
  reference: unknown
}

const show = (value: unknown) => (value === undefined ? '<absent>' : value)

/** Every path where two normalised JSON values differ (missing keys included). */
export function diffValues(
  ours: unknown,
  reference: unknown,
  at: string,
  ordered = false,
): Omit<Difference, 'step'>[] {
  if (Object.is(ours, reference)) return []
  const bothObjects =
    typeof ours === 'object' &&
    typeof reference === 'object' &&
    ours !== null &&
    reference !== null &&
    Array.isArray(ours) === Array.isArray(reference)
  if (!bothObjects) return [{ at, ours: show(ours), reference: show(reference) }]
  if (Array.isArray(ours) && Array.isArray(reference) && !ordered) {
    const key = identityKey(ours, reference)
    if (key) return diffValues(byKey(ours, key), byKey(reference, key), `${at}[${key}]`)
    if (ours.length !== reference.length)
      return [{ at: `${at}.length`, ours: ours.length, reference: reference.length }]
    const inOrder = diffValues(ours, reference, at, true)
    if (inOrder.length === 0) return []
    // The same elements in another order is one difference; otherwise the elements are compared
    // in a canonical order, so one missing element does not shift every later one.
    const sorted = diffValues(canonicalOrder(ours), canonicalOrder(reference), at, true)
    return sorted.length === 0
      ? [{ at: `${at}.order`, ours: 'other order', reference: '' }]
      : sorted
  }
  const a = ours as Record<string, unknown>
  const b = reference as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return keys.flatMap((k) => diffValues(a[k], b[k], `${at}.${k}`))
}

/** A list sorted by each element's JSON text (elements of a normalised value have sorted keys). */
const canonicalOrder = (list: unknown[]) =>
  list
    .map((e) => [JSON.stringify(e) ?? '', e] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e)

const IDENTITY_KEYS = ['function_id', 'id', 'name', 'topic']

/** A key whose string values are present and unique in every element of `list`. */
const identifies = (list: unknown[], k: string) => {
  const values = list.map((e) =>
    typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[k] : undefined,
  )
  return values.every((v) => typeof v === 'string') && new Set(values).size === values.length
}

/** The key that identifies every element of both lists, when they are lists of records. */
function identityKey(a: unknown[], b: unknown[]): string | undefined {
  if (a.length + b.length === 0) return undefined
  return IDENTITY_KEYS.find((k) => identifies(a, k) && identifies(b, k))
}

const byKey = (list: unknown[], key: string): Record<string, unknown> =>
  Object.fromEntries(list.map((e) => [(e as Record<string, string>)[key], e]))

export interface CompareOptions {
  ours?: NormaliseOptions
  reference?: NormaliseOptions
}

/**
 * The differences between two outcomes of the same step, after normalising each with its own
 * engine's placeholders: outcome kind, error code, error message class, HTTP status and body,
 * result shape and values.
 */
export function compareOutcomes(
  step: string,
  ours: Outcome,
  reference: Outcome,
  options: CompareOptions = {},
): Difference[] {
  const found = diffOutcomes(ours, reference, options)
  return found.map((d) => ({ step, ...d }))
}

function diffOutcomes(
  ours: Outcome,
  reference: Outcome,
  options: CompareOptions,
): Omit<Difference, 'step'>[] {
  if (ours.kind === 'skipped' || reference.kind === 'skipped') return []
  if (ours.kind !== reference.kind) {
    return [
      {
        at: 'kind',
        ours: summary(ours, options.ours),
        reference: summary(reference, options.reference),
      },
    ]
  }
  if (ours.kind === 'error' && reference.kind === 'error') {
    const out: Omit<Difference, 'step'>[] = []
    if (ours.code !== reference.code)
      out.push({ at: 'code', ours: ours.code, reference: reference.code })
    const a = messageClass(ours.message, options.ours)
    const b = messageClass(reference.message, options.reference)
    if (a !== b) out.push({ at: 'message', ours: ours.message, reference: reference.message })
    return out
  }
  if (ours.kind === 'http' && reference.kind === 'http') {
    const out: Omit<Difference, 'step'>[] = []
    if (ours.status !== reference.status)
      out.push({ at: 'status', ours: ours.status, reference: reference.status })
    return out.concat(
      diffValues(
        normalise(ours.body, options.ours),
        normalise(reference.body, options.reference),
        'body',
      ),
    )
  }
  if (ours.kind === 'result' && reference.kind === 'result')
    return diffValues(
      normalise(ours.value, options.ours),
      normalise(reference.value, options.reference),
      'result',
    )
  return []
}

/** A one-line form of an outcome, for a kind mismatch. */
export function summary(outcome: Outcome, options?: NormaliseOptions): string {
  switch (outcome.kind) {
    case 'result':
      return `result ${JSON.stringify(normalise(outcome.value, options)) ?? '<absent>'}`
    case 'error':
      return `error ${outcome.code}: ${outcome.message}`
    case 'http':
      return `http ${outcome.status} ${JSON.stringify(normalise(outcome.body, options))}`
    case 'skipped':
      return `skipped: ${outcome.why}`
  }
}

/** Lines shown per step; `III_DIFF_FULL=1` shows every line. */
const MAX_LINES_PER_STEP = process.env.III_DIFF_FULL === '1' ? Number.POSITIVE_INFINITY : 12

/**
 * The report: one block per step with differences (at most 12 lines each), then a count. With
 * `triage`, each line names the PROTOCOL.md §15 entry that records it, and the count says how
 * many no entry records.
 */
export function formatReport(
  differences: Difference[],
  stepCount: number,
  triage?: (d: Difference) => number | undefined,
): string {
  const tag = (d: Difference) => {
    if (!triage) return ''
    const entry = triage(d)
    return entry === undefined ? '  [untriaged]' : `  [§15.${entry}]`
  }
  const lines: string[] = []
  let current = ''
  let shown = 0
  for (const d of differences) {
    if (d.step !== current) {
      current = d.step
      shown = 0
      lines.push(`\n● ${d.step}`)
    }
    shown += 1
    if (shown <= MAX_LINES_PER_STEP)
      lines.push(`    ${d.at}: ours ${fmt(d.ours)} | reference ${fmt(d.reference)}${tag(d)}`)
    else if (shown === MAX_LINES_PER_STEP + 1) {
      const more = differences.filter((x) => x.step === d.step).length - MAX_LINES_PER_STEP
      lines.push(`    … and ${more} more`)
    }
  }
  const steps = new Set(differences.map((d) => d.step)).size
  const untriaged = triage ? differences.filter((d) => triage(d) === undefined).length : 0
  const triaged = triage ? `; ${untriaged} untriaged` : ''
  lines.push(
    `\n${stepCount} steps compared; ${steps} steps differ (${differences.length} differences${triaged}).`,
  )
  return lines.join('\n')
}

const fmt = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 400 && MAX_LINES_PER_STEP === 12 ? `${text.slice(0, 400)}…` : text
}
