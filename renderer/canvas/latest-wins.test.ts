import { describe, expect, it } from 'vitest';
import { LatestWins } from './latest-wins';

/** Manually resolved requests. */
function harness() {
  const calls: { req: number; resolve: (v: number) => void; reject: (e: unknown) => void }[] = [];
  const results: number[] = [];
  const errors: number[] = [];
  const lw = new LatestWins<number, number>(
    (req) => new Promise((resolve, reject) => calls.push({ req, resolve, reject })),
    (res) => results.push(res),
    (_e, req) => errors.push(req),
  );
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { lw, calls, results, errors, flush };
}

describe('LatestWins', () => {
  it('sends a request at once when nothing is in flight (no frame wait)', () => {
    const h = harness();
    h.lw.submit(1);
    expect(h.calls.map((c) => c.req)).toEqual([1]);
  });

  it('keeps one request in flight and sends only the latest waiting input the moment the answer arrives', async () => {
    const h = harness();
    h.lw.submit(1);
    h.lw.submit(2);
    h.lw.submit(3);
    expect(h.calls).toHaveLength(1);
    h.calls[0].resolve(10);
    await h.flush();
    expect(h.results).toEqual([10]);
    expect(h.calls.map((c) => c.req)).toEqual([1, 3]);
    expect(h.lw.busy).toBe(true);
    h.calls[1].resolve(30);
    await h.flush();
    expect(h.results).toEqual([10, 30]);
    expect(h.lw.busy).toBe(false);
  });

  it('reports a failed request and keeps going', async () => {
    const h = harness();
    h.lw.submit(1);
    h.lw.submit(2);
    h.calls[0].reject(new Error('boom'));
    await h.flush();
    expect(h.errors).toEqual([1]);
    expect(h.calls.map((c) => c.req)).toEqual([1, 2]);
  });

  it('sends nothing more when nothing waits', async () => {
    const h = harness();
    h.lw.submit(1);
    h.calls[0].resolve(10);
    await h.flush();
    expect(h.calls).toHaveLength(1);
    expect(h.lw.busy).toBe(false);
  });
});
