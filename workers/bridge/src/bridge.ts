import { hostname } from 'node:os'
import {
  injectContext,
  type RemoteCall,
  type RemoteEngine,
  remoteEngineSlot,
  type WorkerContext,
} from '@iii/core'
import { IIIError } from '@iii/protocol'
import { context } from '@opentelemetry/api'
import { type InboundCall, RemoteLink } from './client/link'
import { type BridgeConfig, bridgeDefaults, bridgeNameOf } from './config'
import { Exposer } from './expose'
import { Forwarder } from './forward'
import { bridgeFunctions } from './functions'
import { hopsOf, withHops } from './hops'
import { bridgeSchemasOf } from './inputs'

/** One running bridge: the link, what it exposes and forwards, its functions and its slot. */
export class Bridge {
  private readonly link: RemoteLink
  private readonly exposer: Exposer
  private readonly forwarder: Forwarder
  private readonly name: string

  constructor(
    private readonly ctx: WorkerContext,
    private readonly config: BridgeConfig,
  ) {
    this.name = bridgeNameOf(config)
    const logger = ctx.logger.child({ bridge: this.name })
    this.link = new RemoteLink(
      {
        name: this.name,
        url: config.url,
        headers: config.headers,
        workerName:
          config.worker_name ?? `iii-bridge/${this.name}@${hostname()}/${ctx.engineId.slice(0, 8)}`,
        version: ctx.record.meta.version ?? '0.0.0',
        engineId: ctx.engineId,
        timeoutMs: config.timeout_ms,
        maxFrameBytes: config.max_frame_bytes,
        maxHops: config.max_hops,
        initialDelayMs: config.reconnect_initial_delay_ms,
        maxDelayMs: config.reconnect_max_delay_ms,
        handshakeTimeoutMs: bridgeDefaults.handshakeTimeoutMs,
        pingIntervalMs: bridgeDefaults.pingIntervalMs,
        logger,
      },
      {
        onConnected: (remoteId) => {
          this.forwarder.connected(remoteId)
          this.exposer.connected()
        },
        onDisconnected: () => this.exposer.disconnected(),
        onInvoke: (call) => this.inbound(call),
        onRejected: (id, code, owner) => this.exposer.rejected(id, code, owner),
      },
    )
    this.exposer = new Exposer({
      ctx,
      link: this.link,
      entries: config.expose,
      bridgeName: this.name,
      logger,
    })
    this.forwarder = new Forwarder({
      ctx,
      link: this.link,
      entries: config.forward,
      bridgeName: this.name,
    })
  }

  async start(): Promise<void> {
    this.forwarder.start()
    for (const [id, description, handler] of bridgeFunctions(this.config.name, this.link, () =>
      this.status(),
    )) {
      this.ctx.registerFunction({ id, description, ...bridgeSchemasOf(id) }, handler)
    }
    this.ctx.offer(remoteEngineSlot(this.name), this.remoteEngine())
    await this.exposer.start()
    this.link.start()
  }

  stop(): void {
    this.exposer.stop()
    this.link.stop()
  }

  /** `bridge::status`. */
  status() {
    const link = this.link
    return {
      name: this.name,
      url: this.config.url,
      state: link.state,
      remote_engine_id: link.remoteEngineId,
      last_error: link.lastError,
      in_flight: link.inFlight,
      exposed: this.exposer.list(),
      forwarded: this.forwarder.list(),
    }
  }

  /** A call from the remote to an exposed function: one more bridge crossing. */
  private inbound(call: InboundCall): void {
    const hops = hopsOf(call.baggage) + 1
    if (hops > this.config.max_hops) {
      const message = `call to ${call.function_id} crossed ${hops} bridges (max_hops ${this.config.max_hops}); the bridges form a loop`
      this.ctx.logger.warn('bridged call refused as a loop', {
        function_id: call.function_id,
        hops,
      })
      this.link.reply(call, { error: new IIIError('BRIDGE_LOOP', message).toBody() })
      return
    }
    this.exposer.invoke(call, withHops(call.baggage, hops))
  }

  /** What bridge adapters use (`adapter: {name: bridge}`): calls with the active trace context. */
  private remoteEngine(): RemoteEngine {
    const link = this.link
    return {
      name: this.name,
      get connected() {
        return link.state === 'connected'
      },
      call(request: RemoteCall) {
        const carrier = request.traceparent ? request : injectContext(context.active())
        return link.call({
          functionId: request.functionId,
          data: request.data,
          timeoutMs: request.timeoutMs,
          traceparent: carrier.traceparent,
          baggage: carrier.baggage,
        })
      },
    }
  }
}
