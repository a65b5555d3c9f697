import { IIIError } from '@iii/protocol'
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml'

/** One `iii-exec` process entry, as the config file holds it. */
export interface ProcessEntry {
  name: string
  command: string
  args: string[]
  cwd: string
  env?: Record<string, string>
  watch?: string[]
}

/** Names one worker entry may go by in a file: its runtime name and its aliases. */
export interface WorkerSpelling {
  name: string
  aliases: string[]
}

const execNames = ['iii-exec', 'exec']

/**
 * Edits of a config file's text that keep everything else as written: comments, key order and
 * `${VAR}` placeholders (the text is edited before any interpolation).
 */
export class ConfigEdit {
  private readonly doc

  constructor(text: string) {
    this.doc = parseDocument(text.trim() === '' ? '{}' : text)
    if (this.doc.errors.length > 0)
      throw new IIIError('APPLY_FAILED', `the config file does not parse: ${this.doc.errors[0]}`)
    if (!isMap(this.doc.contents))
      throw new IIIError('APPLY_FAILED', 'the config file root is not a mapping')
  }

  toString(): string {
    return this.doc.toString()
  }

  /** Whether an entry names this worker (by its name or an alias). */
  hasWorker(worker: WorkerSpelling): boolean {
    return this.entries().some((e) => spelledAs(e, worker))
  }

  /** Appends `- name: <name>` (with `config` when given) to `workers`. */
  addWorker(name: string, config?: Record<string, unknown>): void {
    const entry = config ? { name, config } : { name }
    this.workersSeq().add(this.doc.createNode(entry))
  }

  /** Removes every entry of this worker; false when there was none. */
  removeWorker(worker: WorkerSpelling): boolean {
    let removed = false
    for (const key of ['workers', 'modules']) {
      const seq = this.doc.get(key)
      if (!isSeq(seq)) continue
      for (let i = seq.items.length - 1; i >= 0; i--) {
        if (!spelledAs(seq.items[i], worker)) continue
        seq.delete(i)
        removed = true
      }
    }
    return removed
  }

  /** Process names under the (first) `iii-exec` entry. */
  processNames(): string[] {
    const seq = this.processesSeq(false)
    if (!seq) return []
    return seq.items.flatMap((p) => {
      const name = isMap(p) ? p.get('name') : undefined
      return typeof name === 'string' ? [name] : []
    })
  }

  /** Adds a process to the `iii-exec` entry, adding that entry when the file has none. */
  addProcess(entry: ProcessEntry): void {
    const seq = this.processesSeq(true) as YAMLSeq
    seq.add(this.doc.createNode(withoutUndefined(entry)))
  }

  /** Removes a process from the `iii-exec` entry; false when it has no such process. */
  removeProcess(name: string): boolean {
    const seq = this.processesSeq(false)
    if (!seq) return false
    const at = seq.items.findIndex((p) => isMap(p) && p.get('name') === name)
    if (at < 0) return false
    seq.delete(at)
    return true
  }

  private entries(): unknown[] {
    return ['workers', 'modules'].flatMap((key) => {
      const seq = this.doc.get(key)
      return isSeq(seq) ? seq.items : []
    })
  }

  private workersSeq(): YAMLSeq {
    const seq = this.doc.get('workers')
    if (isSeq(seq)) return seq
    if (seq !== undefined && seq !== null)
      throw new IIIError('APPLY_FAILED', 'the config file `workers` key is not a list')
    const created = this.doc.createNode([]) as YAMLSeq
    this.doc.set('workers', created)
    return created
  }

  private processesSeq(create: boolean): YAMLSeq | undefined {
    let exec = this.entries().find((e) =>
      spelledAs(e, { name: execNames[0] as string, aliases: execNames }),
    ) as YAMLMap | undefined
    if (!exec) {
      if (!create) return undefined
      this.addWorker('iii-exec', { processes: [] })
      exec = this.workersSeq().items.at(-1) as YAMLMap
    }
    let config = exec.get('config')
    if (!isMap(config)) {
      if (!create) return undefined
      config = this.doc.createNode({ processes: [] })
      exec.set('config', config)
    }
    const map = config as YAMLMap
    let seq = map.get('processes')
    if (!isSeq(seq)) {
      if (!create) return undefined
      seq = this.doc.createNode([])
      map.set('processes', seq)
    }
    return seq as YAMLSeq
  }
}

function spelledAs(entry: unknown, worker: WorkerSpelling): boolean {
  if (!isMap(entry)) return false
  const name = entry.get('name')
  return typeof name === 'string' && (name === worker.name || worker.aliases.includes(name))
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
