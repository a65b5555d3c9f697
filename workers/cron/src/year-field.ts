/** Years a 7-field expression may name. */
export const yearBounds = { min: 1970, max: 2199 } as const

function parseNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a year`)
  const n = Number(text)
  if (n < yearBounds.min || n > yearBounds.max)
    throw new Error(`year ${n} is outside ${yearBounds.min}-${yearBounds.max}`)
  return n
}

function addToken(token: string, years: Set<number>): void {
  const [range = '', stepText, extra] = token.split('/')
  if (extra !== undefined) throw new Error(`"${token}" has more than one step`)
  const step = stepText === undefined ? 1 : Number(stepText)
  if (!Number.isInteger(step) || step < 1) throw new Error(`"${token}" has an invalid step`)
  let from: number = yearBounds.min
  let to: number = yearBounds.max
  if (range !== '*') {
    const [a = '', b] = range.split('-')
    from = parseNumber(a)
    to = b === undefined ? (stepText === undefined ? from : yearBounds.max) : parseNumber(b)
    if (to < from) throw new Error(`"${token}" is an empty range`)
  }
  for (let y = from; y <= to; y += step) years.add(y)
}

/**
 * The year field of a 7-field expression (node-cron has none, so it is checked here):
 * `*`, `?`, `y`, `a-b`, lists and steps. Returns `undefined` for "every year".
 */
export function parseYearField(field: string): Set<number> | undefined {
  if (field === '*' || field === '?') return undefined
  const years = new Set<number>()
  for (const token of field.split(',')) addToken(token, years)
  return years
}
