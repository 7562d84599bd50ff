// A reusable barrier for the threads of a data-parallel run, on two words of shared memory (arrivals,
// generation) plus an abort word: when one thread fails, the others stop waiting and throw instead of
// hanging. Workers wait synchronously (they have nothing else to do); the coordinating thread waits
// asynchronously so its event loop still sees a worker that crashed, a cancel, a progress message.

const COUNT = 0;
const GENERATION = 1;
const ABORT = 2;
/** Waits are sliced so an abort that raced past a notify is still seen within this long. */
const SLICE_MS = 200;

export class BarrierAborted extends Error {
  override name = 'BarrierAborted';
  constructor() {
    super('another training thread failed');
  }
}

export class Barrier {
  constructor(
    private readonly control: Int32Array,
    private readonly parties: number,
  ) {}

  /** Registers this thread's arrival; returns the generation to wait on, or null when it was the last. */
  arrive(): number | null {
    const c = this.control;
    const generation = Atomics.load(c, GENERATION);
    if (Atomics.add(c, COUNT, 1) === this.parties - 1) {
      Atomics.store(c, COUNT, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
      return null;
    }
    return generation;
  }

  aborted(): boolean {
    return Atomics.load(this.control, ABORT) !== 0;
  }

  /** Blocks until every party has arrived (worker threads). */
  wait(): void {
    const generation = this.arrive();
    if (generation === null) return;
    while (Atomics.load(this.control, GENERATION) === generation) {
      if (this.aborted()) throw new BarrierAborted();
      Atomics.wait(this.control, GENERATION, generation, SLICE_MS);
    }
    if (this.aborted()) throw new BarrierAborted();
  }

  /** Resolves once every party has arrived, without blocking the event loop (the coordinating thread). */
  async waitAsync(): Promise<void> {
    const generation = this.arrive();
    if (generation === null) return;
    while (Atomics.load(this.control, GENERATION) === generation) {
      if (this.aborted()) throw new BarrierAborted();
      const r = Atomics.waitAsync(this.control, GENERATION, generation, SLICE_MS);
      if (r.async) await r.value;
    }
    if (this.aborted()) throw new BarrierAborted();
  }

  /** Makes every waiting (and every future) wait throw. */
  abort(): void {
    Atomics.store(this.control, ABORT, 1);
    Atomics.notify(this.control, GENERATION);
  }
}
