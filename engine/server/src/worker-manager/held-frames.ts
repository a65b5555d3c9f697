/** Requests held from one socket at most while its peer is not reading its replies. */
export const heldFramesLimit = 32

/**
 * Flow control for a peer that stops reading: while half its outbound budget is unread, its
 * next frames wait here instead of being served (their replies could not be delivered anyway,
 * and computing them would cost every other connection CPU). They are served, in order, once it
 * reads again; past {@link heldFramesLimit} the socket is closed (issue 12, rows 3 and 6).
 */
export class HeldFrames {
  private readonly frames: string[] = []

  get size(): number {
    return this.frames.length
  }

  /** Holds a frame; false when the limit is passed. */
  hold(text: string): boolean {
    if (this.frames.length >= heldFramesLimit) return false
    this.frames.push(text)
    return true
  }

  take(): string | undefined {
    return this.frames.shift()
  }

  clear(): void {
    this.frames.length = 0
  }
}
