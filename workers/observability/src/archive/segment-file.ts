import { open, readFile, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import type { SpanRecord } from '../span-store'

/**
 * One archive line: `<trace_id> <end_ms> <span JSON>\n`. The prefix lets the index be rebuilt
 * without parsing every span; the JSON tells a whole line from a torn one.
 */
export function encodeLine(span: SpanRecord): string | undefined {
  if (!/^\S+$/.test(span.trace_id)) return undefined
  const endMs = Math.floor((span.end_time_unix_nano ?? span.start_time_unix_nano) / 1e6)
  return `${span.trace_id} ${endMs} ${JSON.stringify(span)}\n`
}

export interface LineHead {
  traceId: string
  endMs: number
  /** Where the span JSON starts in the line. */
  jsonAt: number
}

/** The prefix of one line (without its newline), or undefined when it is not an archive line. */
export function headOf(line: string): LineHead | undefined {
  const a = line.indexOf(' ')
  const b = a > 0 ? line.indexOf(' ', a + 1) : -1
  if (b < 0) return undefined
  const endMs = Number(line.slice(a + 1, b))
  if (!Number.isSafeInteger(endMs)) return undefined
  return { traceId: line.slice(0, a), endMs, jsonAt: b + 1 }
}

/** The span of one line, or undefined when the line is damaged. */
export function spanOf(line: string, head = headOf(line)): SpanRecord | undefined {
  if (!head) return undefined
  try {
    const span = JSON.parse(line.slice(head.jsonAt)) as SpanRecord
    return span && span.trace_id === head.traceId ? span : undefined
  } catch {
    return undefined
  }
}

/** Segment files are `segment-<seq>.jsonl`, the sequence zero-padded so names sort by age. */
export const segmentName = (seq: number) => `segment-${String(seq).padStart(12, '0')}.jsonl`

export function seqOf(name: string): number | undefined {
  const m = /^segment-(\d{12})\.jsonl$/.exec(name)
  return m ? Number(m[1]) : undefined
}

export interface SegmentScan {
  /** Bytes of whole lines; anything after them is a torn tail. */
  goodBytes: number
  totalBytes: number
  heads: LineHead[]
}

/**
 * Reads a segment and checks every line. The first damaged line ends the good part: in an
 * append-only file only the tail can be torn (a crash mid-write), and what follows a damaged
 * line cannot be trusted.
 */
export async function scanSegment(path: string, parseAll: boolean): Promise<SegmentScan> {
  const buf = await readFile(path)
  const heads: LineHead[] = []
  let at = 0
  while (at < buf.length) {
    const nl = buf.indexOf(10, at)
    if (nl < 0) break
    const line = buf.toString('utf8', at, nl)
    const head = headOf(line)
    if (!head || (parseAll && !spanOf(line, head))) break
    heads.push(head)
    at = nl + 1
  }
  return { goodBytes: at, totalBytes: buf.length, heads }
}

/** Cuts a torn tail off a segment so later reads see whole lines only. */
export async function dropTail(path: string, goodBytes: number): Promise<void> {
  await truncate(path, goodBytes)
}

/** Spans of a segment, only those of `traceIds` when given. Damaged lines are skipped. */
export async function readSpans(path: string, traceIds?: Set<string>): Promise<SpanRecord[]> {
  const text = await readFile(path, 'utf8')
  const out: SpanRecord[] = []
  for (const line of text.split('\n')) {
    const head = headOf(line)
    if (!head || (traceIds && !traceIds.has(head.traceId))) continue
    const span = spanOf(line, head)
    if (span) out.push(span)
  }
  return out
}

/** Opens a segment for appending. */
export const openSegment = (directory: string, seq: number) =>
  open(join(directory, segmentName(seq)), 'a')
