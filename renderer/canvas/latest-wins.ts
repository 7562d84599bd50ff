// Request throttling for live results: at most one request in flight, at most one per frame, and only
// the latest input is ever sent — intermediate inputs submitted while a request runs are dropped.
export class LatestWins<Req, Res> {
  private pending: { req: Req } | null = null;
  private inFlight = false;
  private frameQueued = false;

  constructor(
    private readonly run: (req: Req) => Promise<Res>,
    private readonly onResult: (res: Res, req: Req) => void,
    private readonly onError: (err: unknown, req: Req) => void,
    private readonly nextFrame: (cb: () => void) => void,
  ) {}

  /** Queues `req` for the next frame; `urgent` sends it at once when nothing is in flight (pointer-up). */
  submit(req: Req, urgent = false): void {
    this.pending = { req };
    if (urgent) this.send();
    else this.kick();
  }

  get busy(): boolean {
    return this.inFlight || this.pending !== null;
  }

  private kick(): void {
    if (this.inFlight || this.frameQueued || !this.pending) return;
    this.frameQueued = true;
    this.nextFrame(() => {
      this.frameQueued = false;
      this.send();
    });
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
      this.kick();
    }
  }
}
