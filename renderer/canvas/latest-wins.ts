// Request throttling for live results — the only throttle on the way from a stroke to the panels (the
// canvas already changes at most once a frame: DrawingStage batches pointer moves per animation frame).
// At most one request in flight; an input submitted while one runs waits, and only the latest waiting one
// is sent, the moment the answer in flight arrives (not a frame later).
export class LatestWins<Req, Res> {
  private pending: { req: Req } | null = null;
  private inFlight = false;

  constructor(
    private readonly run: (req: Req) => Promise<Res>,
    private readonly onResult: (res: Res, req: Req) => void,
    private readonly onError: (err: unknown, req: Req) => void,
  ) {}

  /** Sends `req` at once when nothing is in flight; otherwise it replaces whatever input was waiting. */
  submit(req: Req): void {
    this.pending = { req };
    this.send();
  }

  get busy(): boolean {
    return this.inFlight || this.pending !== null;
  }

  private send(): void {
    if (this.inFlight || !this.pending) return;
    const { req } = this.pending;
    this.pending = null;
    this.inFlight = true;
    this.run(req).then(
      (res) => this.finish(() => this.onResult(res, req)),
      (err) => this.finish(() => this.onError(err, req)),
    );
  }

  private finish(report: () => void): void {
    this.inFlight = false;
    try {
      report();
    } finally {
      this.send();
    }
  }
}
