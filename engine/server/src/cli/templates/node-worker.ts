/** The example worker of a TypeScript or JavaScript project: an HTTP route, a queue consumer and a cron job. */
export function nodeWorkerSource(name: string, typescript: boolean): string {
  const t = (ts: string) => (typescript ? ts : '')
  return `import { registerWorker } from 'iii-sdk'

// \`iii worker add\` hands the engine's URL to the process; under \`iii dev\` the port comes from
// III_PORT, as in config.yaml.
const url = process.env.III_URL ?? \`ws://127.0.0.1:\${process.env.III_PORT ?? 49134}\`
const worker = registerWorker(url, {
  workerName: process.env.III_WORKER_NAME ?? '${name}',
})

// An HTTP route: GET /${name}?name=you
worker.registerFunction('${name}::greet', async (req${t(': { query_params?: Record<string, string | string[]> }')}) => {
  const name = [req.query_params?.name ?? 'world'].flat()[0]
  await worker.trigger({
    function_id: 'iii::durable::publish',
    payload: { topic: '${name}-greetings', data: { name } },
  })
  return { status_code: 200, body: { message: \`Hello, \${name}!\` } }
})
worker.registerTrigger({
  type: 'http',
  function_id: '${name}::greet',
  config: { api_path: '/${name}', http_method: 'GET' },
})

// A queue consumer: every greeting is published to a durable topic and handled here.
worker.registerFunction('${name}::on-greeting', async (job${t(': { name: string }')}) => {
  console.log(\`greeted \${job.name}\`)
  return null
})
worker.registerTrigger({
  type: 'durable:subscriber',
  function_id: '${name}::on-greeting',
  config: { topic: '${name}-greetings' },
})

// A cron job: every minute.
worker.registerFunction('${name}::tick', async () => {
  console.log('tick')
  return null
})
worker.registerTrigger({
  type: 'cron',
  function_id: '${name}::tick',
  config: { expression: '0 * * * * *' },
})
`
}

/** package.json of a TypeScript or JavaScript worker. */
export function nodePackageJson(name: string, typescript: boolean, sdk: string): string {
  const pkg = {
    name,
    private: true,
    type: 'module',
    main: typescript ? 'index.ts' : 'index.js',
    dependencies: { 'iii-sdk': sdk },
    ...(typescript ? { devDependencies: { tsx: '^4.20.0', typescript: '~5.9.3' } } : {}),
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

export const tsconfigJson = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
  },
  null,
  2,
)}\n`
