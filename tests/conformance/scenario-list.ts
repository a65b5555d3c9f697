import { readFileSync } from 'node:fs'

/** One entry of tests/conformance/scenarios.json (the shared, language-neutral list). */
export interface Scenario {
  readonly id: string
  readonly title: string
  readonly clients?: readonly string[]
  readonly [key: string]: unknown
}

const list: { clients: string[]; scenarios: Scenario[] } = JSON.parse(
  readFileSync(new URL('./scenarios.json', import.meta.url), 'utf8'),
)

/** The scenario with this id; throws for an id the list does not have. */
export function scenario(id: string): Scenario {
  const found = list.scenarios.find((s) => s.id === id)
  if (!found) throw new Error(`scenarios.json has no scenario ${id}`)
  return found
}

export const scenarioTitle = (id: string) => scenario(id).title

/** Ids of the scenarios a client runs (those without `clients` run everywhere). */
export function scenarioIds(client: string, options: { except?: string[] } = {}): string[] {
  return list.scenarios
    .filter((s) => (s.clients ?? list.clients).includes(client))
    .map((s) => s.id)
    .filter((id) => !options.except?.includes(id))
}
