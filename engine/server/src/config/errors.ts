/** A configuration problem: which file, which key, and why. Startup aborts with it. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${file}: ${key ? `${key}: ` : ''}${reason}`)
    this.name = 'ConfigError'
  }
}
