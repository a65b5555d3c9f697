import type { Bench } from '../core/types'
import { bridgeBench } from './bridge/index'
import { clientsBench } from './clients/index'
import { fanoutBench } from './fanout/index'
import { httpBench } from './http/index'
import { noisyNeighbourBench, slowReadersBench } from './isolation/index'
import { queueBench } from './queue/index'
import { referenceBench } from './reference/index'
import { serdeBench } from './serde/index'
import { startupBench } from './startup/index'
import { stateBench } from './state/index'
import { stateDurableBench } from './state-durable/index'
import { tracingBench } from './tracing/index'
import { tracingArchiveBench } from './tracing-archive/index'
import { wsInvokeBench, wsInvokePublishedBench } from './ws-invoke/index'

/** Every bench, in run order (cheap first). */
export const benches: Bench[] = [
  serdeBench,
  startupBench,
  wsInvokeBench,
  wsInvokePublishedBench,
  tracingBench,
  tracingArchiveBench,
  httpBench,
  queueBench,
  stateBench,
  stateDurableBench,
  fanoutBench,
  bridgeBench,
  slowReadersBench,
  noisyNeighbourBench,
  clientsBench,
  referenceBench,
]
