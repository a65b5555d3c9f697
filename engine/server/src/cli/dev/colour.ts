/** ANSI colours for worker tags, picked by a stable hash of the worker's name. */
const palette = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94]

/** Whether `iii dev` colours its stream: only on a terminal, never with `NO_COLOR`. */
export function colourEnabled(stream: { isTTY?: boolean } = process.stderr): boolean {
  return !process.env.NO_COLOR && stream.isTTY === true
}

/** A painter that wraps text in a worker's colour, or leaves it plain when colour is off. */
export function painter(enabled: boolean): (name: string, text: string) => string {
  return (name, text) => {
    if (!enabled) return text
    let hash = 0
    for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
    return `\u001b[${palette[hash % palette.length]}m${text}\u001b[39m`
  }
}
