import { Route, Switch } from 'wouter'
import { Layout } from './components/layout'
import { Empty } from './components/states'
import { Config } from './pages/config'
import { FunctionDetail } from './pages/function-detail'
import { Functions } from './pages/functions'
import { Logs } from './pages/logs'
import { Overview } from './pages/overview'
import { Queues } from './pages/queues'
import { State } from './pages/state'
import { Streams } from './pages/streams'
import { TraceDetail } from './pages/trace-detail'
import { Traces } from './pages/traces'
import { Triggers } from './pages/triggers'
import { Workers } from './pages/workers'

/** Every page has its own URL; filters live in the query string. */
export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/" component={Overview} />
        <Route path="/workers" component={Workers} />
        <Route path="/functions" component={Functions} />
        <Route path="/functions/:id">
          {(p) => <FunctionDetail id={decodeURIComponent(p.id)} />}
        </Route>
        <Route path="/triggers" component={Triggers} />
        <Route path="/state" component={State} />
        <Route path="/streams" component={Streams} />
        <Route path="/queues" component={Queues} />
        <Route path="/traces" component={Traces} />
        <Route path="/traces/:id">{(p) => <TraceDetail id={p.id} />}</Route>
        <Route path="/logs" component={Logs} />
        <Route path="/config" component={Config} />
        <Route>
          <Empty>No such page.</Empty>
        </Route>
      </Switch>
    </Layout>
  )
}
