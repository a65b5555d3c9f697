export {
  type CorsConfig,
  type GlobalMiddleware,
  type HttpConfig,
  HttpConfigSchema,
  httpDefaults,
} from './config'
export { type HttpWorker, httpWorker } from './worker'
