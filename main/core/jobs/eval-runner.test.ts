import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvalEvent, EvalRequest } from '../../../shared/contract';
import { EvalRunner } from './eval-runner';

const FAKE = fileURLToPath(new URL('./test-workers/fake-evaluator.mjs', import.meta.url));
const REQ: EvalRequest = { methods: ['pca'], families: ['holes'], n: 20, dList: [10] };

/** A runner on the fake evaluator; `next(pred)` waits for the first event that matches (no deadline of its own). */
function setup(scenario: string) {
  const events: EvalEvent[] = [];
  const waiters = new Set<() => void>();
  const runner = new EvalRunner({
    workerPath: FAKE,
    env: { FAKE_EVAL: scenario },
    log: () => {},
    emit: (e) => {
      events.push(e);
      for (const w of waiters) w();
    },
  });
  const next = <T extends EvalEvent>(pred: (e: EvalEvent) => e is T) =>
    new Promise<T>((resolve) => {
      const check = () => {
        const e = events.find(pred);
        if (!e) return;
        waiters.delete(check);
        resolve(e);
      };
      waiters.add(check);
      check();
    });
  const final = () =>
    next((e): e is Extract<EvalEvent, { type: 'done' | 'cancelled' | 'failed' }> =>
      ['done', 'cancelled', 'failed'].includes(e.type),
    );
  return { runner, events, next, final };
}

const isProgress = (e: EvalEvent): e is Extract<EvalEvent, { type: 'progress' }> => e.type === 'progress';

async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('EvalRunner', () => {
  it('relays progress and the rows of a finished run', async () => {
    const { runner, events, final } = setup('ok');
    const id = runner.start(REQ, []);
    const end = await final();
    expect(end).toMatchObject({ type: 'done', jobId: id, n: 20, seed: 1 });
    expect(end.type === 'done' && end.rows.map((r) => r.method)).toEqual(['clean', 'gray', 'pca']);
    expect(events.filter(isProgress).map((e) => e.done)).toEqual([0, 10]);
    expect(events.filter((e) => ['done', 'cancelled', 'failed'].includes(e.type))).toHaveLength(1);
  });

  it('cancel ends the run at once: one cancelled event, the process is gone, a new run may start', async () => {
    const { runner, events, next } = setup('endless');
    const id = runner.start(REQ, []);
    const first = await next(isProgress);
    const pid = Number(first.current.replace('pid ', ''));
    expect(runner.status()).toEqual({ jobId: id, req: REQ, last: first });
    expect(runner.cancel(id)).toBe(true);
    expect(runner.status()).toBeNull();
    expect(events.at(-1)).toEqual({ type: 'cancelled', jobId: id });
    await gone(pid);
    expect(runner.cancel(id)).toBe(false); // twice is a no-op
    expect(events.filter((e) => e.type === 'cancelled')).toHaveLength(1);
    expect(() => runner.start(REQ, [])).not.toThrow();
    runner.dispose();
  });

  it('refuses a second run while one is going', async () => {
    const { runner, next } = setup('endless');
    runner.start(REQ, []);
    await next(isProgress);
    expect(() => runner.start(REQ, [])).toThrow('an evaluation is already running');
    runner.dispose();
  });

  it('reports a crash in words, with the last error line, and keeps this process alive', async () => {
    const { runner, final } = setup('crash');
    runner.start(REQ, []);
    const end = await final();
    expect(end.type).toBe('failed');
    expect(end.type === 'failed' && end.error).toMatch(
      /^The evaluation process stopped unexpectedly: it exited with code 3\. .*fell over/,
    );
  });

  it('drops malformed progress and relays the worker’s own failure', async () => {
    const { runner, events, final } = setup('garbage');
    runner.start(REQ, []);
    const end = await final();
    expect(end).toMatchObject({ type: 'failed', error: 'cannot evaluate pca' });
    expect(events.filter(isProgress).map((e) => e.done)).toEqual([5]);
  });

  it('says so when the evaluator is not built', () => {
    const runner = new EvalRunner({ workerPath: '/nonexistent/eval-worker.js', emit: () => {} });
    expect(() => runner.start(REQ, [])).toThrow('the evaluator is not built');
  });
});
