import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ArgsDef, CommandDef } from 'citty'
import { describe, expect, it } from 'vitest'
import { verbAliases, verbs } from '../src/cli/commands/index'
import { engineArgs } from '../src/cli/commands/start'

const doc = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '../../../docs/reference/cli.md'),
  'utf8',
)

type Command = CommandDef<ArgsDef>

/** Every command path of the CLI (`trigger`, `worker`, `worker add`, …) with its definition. */
function commands(): [string, Command][] {
  const out: [string, Command][] = []
  const walk = (prefix: string, subs: Record<string, Command>) => {
    for (const [name, cmd] of Object.entries(subs)) {
      const path = prefix ? `${prefix} ${name}` : name
      out.push([path, cmd])
      walk(path, (cmd.subCommands ?? {}) as Record<string, Command>)
    }
  }
  walk('', verbs)
  return out
}

/** The headings of cli.md naming commands: "## `iii worker`" → "worker". */
function documented(): string[] {
  return [...doc.matchAll(/^#{2,3} `iii ?([a-z -]*)`$/gm)].map((m) => (m[1] ?? '').trim())
}

/** The text of one command's section, up to the next heading. */
function section(path: string): string {
  const start = doc.indexOf(`\`iii${path ? ` ${path}` : ''}\`\n`)
  const rest = doc.slice(start)
  const next = rest.slice(1).search(/^#{2,3} /m)
  return next < 0 ? rest : rest.slice(0, next + 1)
}

function flags(args: ArgsDef): string[] {
  return Object.entries(args)
    .filter(([, d]) => d.type !== 'positional')
    .map(([name]) => `--${name}`)
}

describe('docs/reference/cli.md', () => {
  it('documents every command the CLI has, and lists no command it lacks', () => {
    const paths = commands().map(([p]) => p)
    expect(documented().filter(Boolean).sort()).toEqual([...paths].sort())
    expect(documented()).toContain('')
  })

  it("documents every flag in its command's section", () => {
    for (const [path, cmd] of commands())
      for (const flag of flags((cmd.args ?? {}) as ArgsDef))
        expect(section(path), `${flag} of iii ${path}`).toContain(`\`${flag}`)
    for (const flag of flags(engineArgs)) expect(section(''), flag).toContain(`\`${flag}`)
  })

  it('names every alias', () => {
    for (const [alias, verb] of Object.entries(verbAliases))
      expect(section(verb)).toContain(`alias \`iii ${alias}\``)
  })
})
