/**
 * The single response of one request. Several phases may want to answer (the handler, a 413
 * from the body pump); the first wins and later ones are ignored.
 */
export class Exchange {
  readonly response: Promise<Response>
  settled = false
  private resolve: ((response: Response) => void) | undefined

  constructor() {
    this.response = new Promise((resolve) => {
      this.resolve = resolve
    })
  }

  respond(response: Response): void {
    if (this.settled) {
      response.body?.cancel().catch(() => {})
      return
    }
    this.settled = true
    this.resolve?.(response)
  }
}
