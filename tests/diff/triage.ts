import type { Difference } from './compare'

/**
 * Where each known difference is recorded: the entry of docs/reference/PROTOCOL.md §15 that
 * makes it deliberate. The first matching rule wins; a difference no rule matches is untriaged.
 */
interface Rule {
  entry: number
  step?: RegExp
  at?: RegExp
  when?: (d: Difference) => boolean
}

const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))
const refCode = (code: string) => (d: Difference) =>
  (d.at === 'code' && d.reference === code) ||
  (d.at === 'kind' && text(d.reference).startsWith(`error ${code}`))
const notFoundInReference = (d: Difference) =>
  /not found in namespace/.test(text(d.reference)) && !/not found in namespace/.test(text(d.ours))

const RULES: Rule[] = [
  // Functions only one engine has.
  { entry: 2, step: /^(enqueue to|engine::queue::enqueue)/ },
  { entry: 26, when: refCode('function_not_found') },
  { entry: 26, at: /^message$/, when: notFoundInReference },
  { entry: 21, step: /^engine::functions::list/, at: /on-config-change/ },
  { entry: 26, step: /^engine::functions::list/ },
  // Bad input and wording.
  { entry: 30, step: /^register_trigger (http bad method|subscribe|durable)/ },
  { entry: 24, step: /^engine::traces::group_by with \{\}/ },
  { entry: 12, when: refCode('deserialization_error') },
  { entry: 12, at: /^message$/, when: (d) => text(d.ours).includes('invalid input at /') },
  { entry: 12, step: /bad sort_by/ },
  { entry: 14, step: /^HTTP POST invalid JSON/ },
  { entry: 15, step: /^HTTP OPTIONS$/ },
  { entry: 16, step: /^HTTP handler returns nothing/ },
  { entry: 17, step: /^HTTP trailing slash/ },
  { entry: 18, step: /^HTTP encoded path param/ },
  { entry: 19, at: /error_id$/ },
  { entry: 20, step: /^HTTP known path, other method/ },
  { entry: 29, step: /^HTTP (middleware input|unknown method|route of an unregistered)/ },
  { entry: 13, at: /(^message$|error\.message$|\.doc_url$|errors\.\d+\.message$|\.note$)/ },
  { entry: 13, step: /^HTTP condition false/ },
  // Listings and snapshots.
  { entry: 24, step: /^engine::(metrics|health|rollups|traces|logs|sampling)::/ },
  { entry: 25, step: /^engine::(workers|registered-triggers|triggers::info)/ },
  { entry: 25, step: /^register_trigger then unregister it/, at: /^result\.info\./ },
  { entry: 27, step: /^configuration::list/ },
  { entry: 28, step: /^engine::(triggers::list|queue::)/ },
]

/** The §15 entry that records `d`, or `undefined` when none does. */
export function triageOf(d: Difference): number | undefined {
  return RULES.find(
    (r) => (!r.step || r.step.test(d.step)) && (!r.at || r.at.test(d.at)) && (!r.when || r.when(d)),
  )?.entry
}
