import type { Bench, BenchContext } from '../../core/types'
import { requireWorker } from '../../core/workers'
import { build } from '../startup/index'
import { hasReferenceBinary, noReferenceReason } from './engines'
import { compareHttp } from './http'
import { compareInvoke } from './invoke'
import { compareStartup } from './startup'

/**
 * Our built engine beside the reference engine binary, one config for both (worker listener,
 * HTTP, observability on with the memory exporter), the published iii-sdk@0.22.1 as every worker.
 */
async function run(ctx: BenchContext): Promise<void> {
  if (!hasReferenceBinary()) {
    ctx.skip('reference', noReferenceReason)
    return
  }
  await requireWorker('iii-http')
  await build(ctx)
  await compareStartup(ctx)
  await compareInvoke(ctx)
  await compareHttp(ctx)
}

export const referenceBench: Bench = {
  name: 'reference',
  description:
    'our built engine beside the reference binary (same config, published iii-sdk): ws-invoke, http, startup',
  run,
}
