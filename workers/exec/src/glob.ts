const special = /[.+^$()|[\]\\]/

/**
 * A glob (`**`, `*`, `?`, `{a,b}`) as a RegExp over `/`-separated relative paths. `**` spans
 * directories, `*` and `?` stay inside one segment.
 */
export function globToRegExp(glob: string): RegExp {
  let out = ''
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/'
      out += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '{') {
      braces++
      out += '(?:'
    } else if (c === '}' && braces > 0) {
      braces--
      out += ')'
    } else if (c === ',' && braces > 0) out += '|'
    else out += special.test(c) ? `\\${c}` : c
  }
  return new RegExp(`^${out}$`)
}

/** Whether a relative path matches any of the globs. */
export function matchesAny(globs: RegExp[], path: string): boolean {
  const normal = path.split('\\').join('/')
  return globs.some((g) => g.test(normal))
}
