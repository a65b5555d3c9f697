import type { RunningEngine } from 'iii-engine'
import { type IIIWorker, registerWorker, TriggerAction } from 'iii-sdk'

/**
 * A small live system for the console's screenshots and perf runs: an `orders` worker with
 * functions, an HTTP route, a cron job, state, a stream, a failing queue job and log lines.
 */
export async function startDemoSystem(engine: RunningEngine): Promise<IIIWorker> {
  const worker = registerWorker(engine.url, { workerName: 'orders', otel: { enabled: true } })
  worker.registerFunction(
    'orders::create',
    async (order: { sku: string; quantity: number }) => {
      await worker.trigger({ function_id: 'orders::price', payload: order })
      await worker.trigger({
        function_id: 'state::set',
        payload: { scope: 'orders', key: order.sku, value: order },
      })
      return { id: `ord_${order.sku}`, status: 'created' }
    },
    {
      description: 'Create an order and price it',
      request_format: {
        type: 'object',
        required: ['sku', 'quantity'],
        properties: {
          sku: { type: 'string', description: 'stock keeping unit' },
          quantity: { type: 'integer' },
          express: { type: 'boolean' },
          channel: { enum: ['web', 'store', 'phone'] },
        },
      },
      response_format: {
        type: 'object',
        properties: { id: { type: 'string' }, status: { type: 'string' } },
      },
    },
  )
  worker.registerFunction('orders::price', async (o: { quantity: number }) => ({
    total: o.quantity * 9.5,
  }))
  worker.registerFunction('orders::charge', async () => {
    throw new Error('card declined')
  })
  worker.registerFunction('orders::nightly-report', async () => ({ rows: 42 }))
  worker.registerFunction('orders::http-list', async () => ({ status_code: 200, body: [] }))
  worker.registerTrigger({
    type: 'http',
    function_id: 'orders::http-list',
    config: { api_path: 'orders', http_method: 'GET' },
  })
  worker.registerTrigger({
    type: 'cron',
    function_id: 'orders::nightly-report',
    config: { expression: '0 0 2 * * *' },
  })
  await worker.waitForConnection()
  for (const sku of ['A-100', 'B-200', 'C-300'])
    await worker.trigger({ function_id: 'orders::create', payload: { sku, quantity: 2 } })
  await worker.trigger({
    function_id: 'stream::set',
    payload: {
      stream_name: 'deliveries',
      group_id: 'today',
      item_id: 'd1',
      data: { eta: '14:00' },
    },
  })
  await worker.trigger({
    function_id: 'orders::charge',
    payload: { order: 'ord_A-100', amount: 19 },
    action: TriggerAction.Enqueue({ queue: 'payments' }),
  })
  for (const message of ['order created', 'payment retry scheduled', 'report ready'])
    await worker.trigger({ function_id: 'engine::log::info', payload: { message } })
  await worker.trigger({ function_id: 'engine::log::warn', payload: { message: 'card declined' } })
  return worker
}

/** The config the demo runs with: every page has data, the payments queue fails fast. */
export const demoConfig = `workers:
  - name: iii-worker-manager
    config: { port: 0 }
  - name: iii-console
    config: { port: 0 }
  - name: iii-queue
    config:
      queue_configs:
        payments: { max_retries: 1, backoff_ms: 50 }
  - name: iii-state
  - name: iii-stream
    config: { port: 0 }
  - name: iii-cron
  - name: iii-http
    config: { port: 0 }
`
