import type { ArgsDef, CommandDef } from 'citty'
import { CliError } from './errors'

type AnyCommand = CommandDef<ArgsDef>

/** `meta`, `args` and `subCommands` of a command, which citty allows to be lazy; ours are plain. */
function plain<T>(value: T | (() => T) | undefined): T | undefined {
  return typeof value === 'function' ? undefined : value
}

function flagsOf(args: ArgsDef): { flags: Set<string>; booleans: Set<string> } {
  const flags = new Set<string>(['--help', '-h'])
  const booleans = new Set<string>(['--help', '-h'])
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue
    const alias = (def as { alias?: string | string[] }).alias
    const names = [name, ...[alias ?? []].flat()]
    for (const n of names) {
      const flag = n.length === 1 ? `-${n}` : `--${n}`
      flags.add(flag)
      if (def.type === 'boolean') {
        booleans.add(flag)
        if (n.length > 1) {
          flags.add(`--no-${n}`)
          booleans.add(`--no-${n}`)
        }
      }
    }
  }
  return { flags, booleans }
}

/** Commands that take any number of positionals after their declared ones (`key=value …`). */
export const acceptsRest = new WeakSet<object>()

/** How many positionals a command takes; `Infinity` for one that takes a rest (`key=value …`). */
function positionalsOf(command: AnyCommand): number {
  const args = (plain(command.args) ?? {}) as ArgsDef
  const declared = Object.values(args).filter((d) => d.type === 'positional').length
  return acceptsRest.has(command) ? Number.POSITIVE_INFINITY : declared
}

/**
 * Finds the command `argv` names and checks every flag and positional against its definition:
 * an unknown command, an unknown flag or a surplus argument is a `CliError` with exit code 2.
 * Returns the chain of command names (e.g. `['worker', 'add']`).
 */
export function checkArgs(root: AnyCommand, argv: string[], aliases: Record<string, string>) {
  const path: string[] = []
  let command = root
  const positionals: string[] = []
  let flags = flagsOf((plain(command.args) ?? {}) as ArgsDef)
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string
    if (token === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (token.startsWith('-') && token.length > 1 && !/^-\d/.test(token)) {
      const [flag, inline] = token.split(/=(.*)/s) as [string, string | undefined]
      if (!flags.flags.has(flag)) {
        const where = path.length > 0 ? `iii ${path.join(' ')}` : 'iii'
        throw new CliError(`unknown option ${flag} for ${where}; see \`${where} --help\``, 2)
      }
      if (!flags.booleans.has(flag) && inline === undefined) {
        if (i + 1 >= argv.length) throw new CliError(`${flag} needs a value`, 2)
        i++
      }
      continue
    }
    const subs = (plain(command.subCommands) ?? {}) as Record<string, AnyCommand>
    if (positionals.length === 0 && Object.keys(subs).length > 0) {
      const name = path.length === 0 ? (aliases[token] ?? token) : token
      const sub = subs[name]
      if (!sub) {
        const known = Object.keys(subs).join(', ')
        const where = path.length > 0 ? `iii ${path.join(' ')}` : 'iii'
        throw new CliError(`unknown command "${token}" for ${where}; commands: ${known}`, 2)
      }
      path.push(name)
      command = sub
      flags = flagsOf((plain(command.args) ?? {}) as ArgsDef)
      continue
    }
    positionals.push(token)
  }
  if (argv.includes('--help') || argv.includes('-h')) return { path, command }
  const subs = (plain(command.subCommands) ?? {}) as Record<string, AnyCommand>
  if (Object.keys(subs).length > 0 && !command.run)
    throw new CliError(
      `iii ${path.join(' ')} needs a command: ${Object.keys(subs).join(', ')}`.replace('  ', ' '),
      2,
    )
  if (positionals.length > positionalsOf(command)) {
    const extra = positionals.slice(positionalsOf(command)).join(' ')
    throw new CliError(`unexpected argument ${extra} for iii ${path.join(' ')}`.trimEnd(), 2)
  }
  const required = Object.entries((plain(command.args) ?? {}) as ArgsDef).filter(
    ([, d]) => d.type === 'positional' && d.required !== false,
  )
  if (positionals.length < required.length) {
    const missing = required.slice(positionals.length).map(([name]) => `<${name}>`)
    throw new CliError(`iii ${path.join(' ')} needs ${missing.join(' ')}`, 2)
  }
  return { path, command }
}
