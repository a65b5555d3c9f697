/** The SDK's logger; pass your own through `registerWorker(url, { logger })`. */
export interface SdkLogger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
  process.stderr.write(`[iii] ${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`)
}

/** Writes warnings and errors to stderr; debug and info are dropped unless `III_SDK_DEBUG` is set. */
export const defaultSdkLogger: SdkLogger = {
  debug: (m, f) => process.env.III_SDK_DEBUG && write('debug')(m, f),
  info: (m, f) => process.env.III_SDK_DEBUG && write('info')(m, f),
  warn: write('warn'),
  error: write('error'),
}
