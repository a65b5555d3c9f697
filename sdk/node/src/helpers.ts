import type { ChannelReader, ChannelWriter, StreamChannelRef } from './channels'
import type { IIIWorker } from './worker'

/** A new channel: live ends for this process, and refs to hand to other workers. */
export interface CreatedChannel {
  writer: ChannelWriter
  reader: ChannelReader
  writerRef: StreamChannelRef
  readerRef: StreamChannelRef
}

/**
 * Creates a channel owned by `worker` (closed when it disconnects), the free-function form the
 * published iii-sdk also offers.
 *
 * @example
 * const { writer, readerRef } = await createChannel(worker)
 * await worker.trigger({ function_id: 'files::store', payload: { body: readerRef } })
 * writer.stream.end(bytes)
 */
export function createChannel(worker: IIIWorker, bufferSize?: number): Promise<CreatedChannel> {
  return worker.createChannel(bufferSize)
}
