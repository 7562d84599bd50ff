import { describe, expect, it } from 'vitest';
import { LatestWins } from './latest-wins';

/** A manual frame clock and manually resolved requests. */
function harness() {
  const frames: (() => void)[] = [];
  const calls: { req: number; resolve: (v: number) => void; reject: (e: unknown) => void }[] = [];
  const results: number[] = [];
  const errors: number[] = [];
  const lw = new LatestWins<number, number>(
    (req) => new Promise((resolve, reject) => calls.push({ req, resolve, reject })),
    (res) => results.push(res),
    (_e, req) => errors.push(req),
    (cb) => frames.push(cb),
  );
  const frame = () => frames.splice(0).forEach((f) => f());
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { lw, frames, calls, results, errors, frame, flush };
}

describe('LatestWins', () => {
  it('sends at most one request per frame, the latest submitted', () => {
    const h = harness();
    h.lw.submit(1);
    h.lw.submit(2);
    h.lw.submit(3);
    expect(h.calls).toHaveLength(0);
    h.frame();
    expect(h.calls.map((c) => c.req)).toEqual([3]);
  });

  it('keeps one request in flight and then sends only the latest waiting input', async () => {
    const h = harness();
    h.lw.submit(1);
    h.frame();
    h.lw.submit(2);
    h.lw.submit(3);
    h.frame();
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve(10);
    await h.flush();
    expect(h.results).toEqual([10]);
    h.frame();
    expect(h.calls.map((c) => c.req)).toEqual([1, 3]);
    expect(h.lw.busy).toBe(true);
    h.calls[1].resolve(30);
    await h.flush();
    expect(h.lw.busy).toBe(false);
  });

  it('reports a failed request and keeps going', async () => {
    const h = harness();
    h.lw.submit(1);
    h.frame();
    h.lw.submit(2);
    h.calls[0].reject(new Error('boom'));
    await h.flush();
    expect(h.errors).toEqual([1]);
    h.frame();
    expect(h.calls.map((c) => c.req)).toEqual([1, 2]);
  });

  it('sends an urgent request at once when nothing is in flight, and otherwise waits its turn', async () => {
    const h = harness();
    h.lw.submit(1, true);
    expect(h.calls.map((c) => c.req)).toEqual([1]);
    h.lw.submit(2, true);
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve(10);
    await h.flush();
    h.frame();
    expect(h.calls.map((c) => c.req)).toEqual([1, 2]);
  });
});
