import { readFile } from 'node:fs/promises'

/** The first line of every log file: says what the file is, so an emptied file is noticed. */
export interface LogHeader {
  iii_log: 1
  kind: string
}

/** What reading a log found. */
export interface LogReadout {
  /** The file existed (it may still be empty). */
  exists: boolean
  /** Records in order, the header left out. */
  records: unknown[]
  /** Bytes up to the end of the last good line: the length to truncate a torn tail to. */
  goodBytes: number
  /** The last line was cut short (a crash mid-append): dropped, never acknowledged. */
  tornTail: boolean
  /** 1-based line numbers of unreadable lines before the last one: the file is corrupt. */
  badLines: number[]
  /** The first line is a header (files of older versions have none). */
  hadHeader: boolean
  /** The header is missing or names another kind (an emptied or foreign file). */
  badHeader: string | undefined
}

const isHeader = (v: unknown): v is LogHeader =>
  typeof v === 'object' && v !== null && (v as { iii_log?: unknown }).iii_log === 1

function parseLine(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) }
  } catch {
    return { ok: false }
  }
}

/**
 * Reads a JSON-lines log. A file written by an older version has no header line: its records are
 * read as they are. A bad line in the middle is reported and skipped; the
 * records after it are still read.
 */
export async function readLog(path: string, kind: string): Promise<LogReadout> {
  const out: LogReadout = {
    exists: false,
    records: [],
    goodBytes: 0,
    tornTail: false,
    badLines: [],
    badHeader: undefined,
    hadHeader: false,
  }
  let buf: Buffer
  try {
    buf = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out
    throw err
  }
  out.exists = true
  let start = 0
  let lineNo = 0
  while (start < buf.length) {
    const end = buf.indexOf(0x0a, start)
    lineNo++
    // An unterminated last line is torn even when it parses: its `\n` never reached the disk.
    if (end === -1) {
      out.tornTail = true
      break
    }
    const parsed = parseLine(buf.toString('utf8', start, end))
    if (!parsed.ok) out.badLines.push(lineNo)
    else {
      if (lineNo === 1 && isHeader(parsed.value)) {
        out.hadHeader = true
        if (parsed.value.kind !== kind)
          out.badHeader = `the header names kind "${parsed.value.kind}", expected "${kind}"`
      } else out.records.push(parsed.value)
      out.goodBytes = end + 1
    }
    start = end + 1
  }
  if (buf.length === 0)
    out.badHeader = 'the file is empty (no header line): it was truncated or emptied'
  return out
}
