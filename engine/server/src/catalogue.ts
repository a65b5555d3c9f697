import { engineFunctionsWorker, type WorkerDefinition } from '@iii/core'
import { bridgeWorker } from '@iii/worker-bridge'
import { configurationWorker } from '@iii/worker-configuration'
import { consoleWorker } from '@iii/worker-console'
import { cronWorker } from '@iii/worker-cron'
import { execWorker } from '@iii/worker-exec'
import { httpWorker } from '@iii/worker-http'
import { httpFunctionsWorker } from '@iii/worker-http-functions'
import { mcpWorker } from '@iii/worker-mcp'
import { observabilityWorker } from '@iii/worker-observability'
import { pubsubWorker } from '@iii/worker-pubsub'
import { queueWorker } from '@iii/worker-queue'
import { stateWorker } from '@iii/worker-state'
import { streamWorker } from '@iii/worker-stream'
import { workerManagerWorker } from './worker-manager/worker'

/**
 * Every worker the config file can name, in start order: providers first, the worker
 * listener after them so sockets are accepted only once every built-in is ready; the console,
 * a client of that listener, last.
 */
export const workerCatalogue: WorkerDefinition<unknown>[] = [
  engineFunctionsWorker as WorkerDefinition<unknown>,
  observabilityWorker as WorkerDefinition<unknown>,
  // Before the workers whose adapters may keep their data through a bridge.
  bridgeWorker as WorkerDefinition<unknown>,
  configurationWorker as WorkerDefinition<unknown>,
  httpFunctionsWorker as WorkerDefinition<unknown>,
  httpWorker as WorkerDefinition<unknown>,
  queueWorker as WorkerDefinition<unknown>,
  cronWorker as WorkerDefinition<unknown>,
  stateWorker as WorkerDefinition<unknown>,
  pubsubWorker as WorkerDefinition<unknown>,
  streamWorker as WorkerDefinition<unknown>,
  execWorker as WorkerDefinition<unknown>,
  mcpWorker as WorkerDefinition<unknown>,
  workerManagerWorker as WorkerDefinition<unknown>,
  // Connects through the worker listener as an ordinary worker, so it starts after it.
  consoleWorker as WorkerDefinition<unknown>,
]
