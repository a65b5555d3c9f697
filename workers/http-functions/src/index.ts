export {
  type HttpFunctionsConfig,
  HttpFunctionsConfigSchema,
  httpFunctionsDefaults,
  type SecurityConfig,
} from './config'
export { httpFunctionsWorker } from './worker'
