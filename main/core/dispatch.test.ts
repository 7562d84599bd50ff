// RELIABILITY 3: 1,000 random payloads at every call through dispatch. Nothing throws out of dispatch,
// nothing hangs, every answer is a well-formed envelope, and invalid payloads never reach a service.
import fc from 'fast-check';
import { MASK_FAMILY_IDS } from '../../shared/masks';
import { describe, expect, it } from 'vitest';
import {
  CALLS,
  EVENTS,
  METHOD_IDS,
  MODEL_KINDS,
  type CallName,
  type EventName,
  type InpaintApi,
} from '../../shared/contract';
import { dispatch, relayEvents, type CallHandlers, type Envelope } from './dispatch';

type Calls = { call: CallName; payload: unknown }[];

/** A fake core that records what reached it. */
function fakeServices(behaviour: (call: CallName) => Promise<unknown> = async () => ({ fine: true })) {
  const calls: Calls = [];
  const handlers = {} as Record<CallName, (p: unknown) => Promise<unknown>>;
  for (const name of Object.keys(CALLS) as CallName[]) {
    handlers[name] = (payload: unknown) => {
      calls.push({ call: name, payload });
      return behaviour(name);
    };
  }
  return { handlers: handlers as unknown as CallHandlers, calls };
}

// Independent oracles (hand-written, not the zod schemas) for what a service may receive.
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v) && !v.includes('..');
const isPixels = (v: unknown) =>
  Array.isArray(v) && v.length === 784 && v.every((x) => typeof x === 'number' && x >= 0 && x <= 1);
const ORACLE: Record<CallName, (p: unknown) => boolean> = {
  appInfo: (p) => p === undefined || (isObj(p) && Object.keys(p).length === 0),
  ping: (p) => ORACLE.appInfo(p),
  listMethods: (p) => ORACLE.appInfo(p),
  trainingStatus: (p) => ORACLE.appInfo(p),
  evalStatus: (p) => ORACLE.appInfo(p),
  listModels: (p) => ORACLE.appInfo(p),
  sample: (p) => isObj(p) && (p.split === 'train' || p.split === 'test'),
  inpaint: (p) =>
    isObj(p) &&
    isPixels(p.image) &&
    isPixels(p.mask) &&
    (p.mask as number[]).every((x) => x === 0 || x === 1) && // the shared pixel rule: a mask is 0 or 1
    Array.isArray(p.methods) &&
    p.methods.length > 0 &&
    p.methods.every((m) => (METHOD_IDS as readonly unknown[]).includes(m)),
  startTraining: (p) => isObj(p) && (MODEL_KINDS as readonly unknown[]).includes(p.kind),
  cancelTraining: (p) => isObj(p) && isId(p.jobId),
  retrySave: (p) => isObj(p) && isId(p.jobId),
  modelDetails: (p) => isObj(p) && isId(p.id),
  renameModel: (p) => isObj(p) && isId(p.id) && typeof p.name === 'string' && p.name.trim().length > 0,
  deleteModel: (p) => isObj(p) && isId(p.id),
  setActiveModel: (p) => isObj(p) && isId(p.id) && (MODEL_KINDS as readonly unknown[]).includes(p.kind),
  exportModel: (p) => isObj(p) && isId(p.id),
  importModel: (p) =>
    p === undefined || (isObj(p) && (p.bundleBase64 === undefined || typeof p.bundleBase64 === 'string')),
  startEval: (p) =>
    isObj(p) &&
    Array.isArray(p.methods) &&
    p.methods.length > 0 &&
    p.methods.every((m) => (METHOD_IDS as readonly unknown[]).includes(m)) &&
    Array.isArray(p.families) &&
    p.families.length > 0 &&
    p.families.every((f) => (MASK_FAMILY_IDS as readonly unknown[]).includes(f)) &&
    Number.isInteger(p.n) &&
    (p.n as number) >= 1 &&
    (p.n as number) <= 10_000 &&
    Array.isArray(p.dList) &&
    p.dList.every((d) => Number.isInteger(d) && d >= 1 && d <= 784),
  cancelEval: (p) => isObj(p) && isId(p.jobId),
};

const pixel = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double(), fc.constantFrom(0, 1, -0));
const pixels = fc.oneof(
  { arbitrary: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 784, maxLength: 784 }), weight: 6 },
  fc.array(pixel, { minLength: 784, maxLength: 784 }),
  fc.array(pixel, { minLength: 780, maxLength: 790 }),
  fc.anything(),
);
/** Masks are 0 or 1 (shared/pixel-rules.ts): mostly valid ones, plus anything a pixel may be. */
const maskValues = fc.oneof(
  { arbitrary: fc.array(fc.constantFrom(0, 1), { minLength: 784, maxLength: 784 }), weight: 6 },
  pixels,
);
const id = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
  fc.string(),
  fc.constantFrom('..', '../x', 'a/b', ''),
  fc.anything(),
);
const kind = fc.oneof(fc.constantFrom(...MODEL_KINDS), fc.string(), fc.anything());
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
/** Mostly-valid values with garbage mixed in, so both sides of every bound are hit. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 });
const extraKeys = fc.dictionary(fc.string({ maxLength: 6 }), fc.anything(), { maxKeys: 2 });

/** Near-valid payloads (the interesting boundary) mixed with arbitrary garbage. */
const PAYLOADS: Record<CallName, fc.Arbitrary<unknown>> = (() => {
  const empty = fc.oneof(fc.constant(undefined), fc.constant({}), extraKeys, fc.anything());
  const withId = fc.oneof(fc.record({ id }), fc.record({ id, path: fc.string() }), fc.anything());
  return {
    appInfo: empty,
    ping: empty,
    listMethods: empty,
    trainingStatus: empty,
    evalStatus: empty,
    listModels: empty,
    sample: fc.oneof(
      fc.record({
        split: fc.oneof(fc.constantFrom('train', 'test'), fc.string()),
        index: maybe(fc.oneof(fc.integer(), fc.double())),
        patchSeed: maybe(fc.integer()),
      }),
      fc.anything(),
    ),
    inpaint: fc.oneof(
      fc.record({
        image: pixels,
        mask: maskValues,
        methods: mostly(
          fc.subarray([...METHOD_IDS], { minLength: 1 }),
          fc.array(fc.oneof(fc.constantFrom(...METHOD_IDS), fc.string()), { maxLength: 10 }),
        ),
        params: maybe(fc.record({ d: mostly(fc.integer({ min: 1, max: 784 }), fc.oneof(fc.integer(), fc.double())) })),
      }),
      fc.anything(),
    ),
    startTraining: fc.oneof(
      fc.record({
        kind: mostly(fc.constantFrom(...MODEL_KINDS), kind),
        epochs: maybe(mostly(fc.integer({ min: 1, max: 1000 }), fc.integer())),
        batchSize: maybe(mostly(fc.integer({ min: 1, max: 4096 }), fc.integer())),
        learningRate: maybe(mostly(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double())),
        name: maybe(fc.string()),
      }),
      fc.anything(),
    ),
    cancelTraining: fc.oneof(fc.record({ jobId: id }), fc.anything()),
    retrySave: fc.oneof(fc.record({ jobId: id }), fc.anything()),
    modelDetails: withId,
    renameModel: fc.oneof(fc.record({ id, name: fc.oneof(fc.string(), fc.anything()) }), fc.anything()),
    deleteModel: withId,
    setActiveModel: fc.oneof(fc.record({ kind, id }), fc.anything()),
    exportModel: withId,
    importModel: fc.oneof(fc.record({ bundleBase64: fc.oneof(fc.base64String(), fc.string(), fc.anything()) }), empty),
    startEval: fc.oneof(
      fc.record({
        methods: mostly(fc.subarray([...METHOD_IDS], { minLength: 1 }), fc.array(fc.string(), { maxLength: 3 })),
        families: mostly(fc.subarray([...MASK_FAMILY_IDS], { minLength: 1 }), fc.array(fc.string(), { maxLength: 3 })),
        n: mostly(fc.integer({ min: 1, max: 10_000 }), fc.oneof(fc.integer(), fc.double())),
        dList: mostly(
          fc.uniqueArray(fc.integer({ min: 1, max: 784 }), { maxLength: 12 }),
          fc.array(fc.oneof(fc.integer(), fc.double()), { maxLength: 14 }),
        ),
      }),
      fc.anything(),
    ),
    cancelEval: fc.oneof(fc.record({ jobId: id }), fc.anything()),
  };
})();

function wellFormed(e: Envelope): boolean {
  if (e.ok) return 'result' in e;
  return typeof e.error === 'string' && e.error.length > 0 && e.error.length <= 300 && !e.error.includes('\n');
}

describe('dispatch', () => {
  for (const call of Object.keys(CALLS) as CallName[]) {
    it(`answers 1,000 random ${call} payloads in a well-formed envelope, shielding the service`, async () => {
      const fake = fakeServices();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(PAYLOADS[call], async (payload) => {
          fake.calls.length = 0;
          const answer = await dispatch(fake.handlers, call, payload);
          expect(wellFormed(answer)).toBe(true);
          if (fake.calls.length === 0) {
            expect(answer.ok).toBe(false);
          } else {
            accepted++;
            expect(fake.calls).toHaveLength(1);
            expect(ORACLE[call](fake.calls[0].payload)).toBe(true);
            expect(answer).toEqual({ ok: true, result: { fine: true } });
          }
        }),
        { numRuns: 1000, seed: 4242 },
      );
      // Both sides of the boundary were exercised.
      expect(accepted).toBeGreaterThan(10);
      expect(accepted).toBeLessThan(1000);
    });
  }

  it('answers random call names with an error and calls nothing', async () => {
    const fake = fakeServices();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.anything(), fc.constantFrom('__proto__', 'constructor', 'toString', 'close')),
        fc.anything(),
        async (call, payload) => {
          fc.pre(!(typeof call === 'string' && call in CALLS));
          const answer = await dispatch(fake.handlers, call, payload);
          expect(answer.ok).toBe(false);
          expect(wellFormed(answer)).toBe(true);
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
    expect(fake.calls).toHaveLength(0);
  });

  it('turns a throwing service into a short one-line error', async () => {
    const long = `model store exploded\n    at secret (/home/user/x.ts:1:1)\n${'x'.repeat(1000)}`;
    const fake = fakeServices(async () => {
      throw new Error(long);
    });
    expect(await dispatch(fake.handlers, 'listModels', {})).toEqual({ ok: false, error: 'model store exploded' });
    const rejectsString = fakeServices(() => Promise.reject('x'.repeat(5000)));
    const r = await dispatch(rejectsString.handlers, 'ping', {});
    expect(r.ok === false && r.error.length).toBe(300);
  });

  it('answers a service that never settles with a timeout error instead of hanging', async () => {
    const fake = fakeServices(() => new Promise(() => {}));
    // It answers at all (a hang fails by the test's timeout), and with the timeout's message.
    const r = await dispatch(fake.handlers, 'ping', {}, { timeoutMs: () => 50 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/ping took longer than/);
  });

  // Issue 13, defect 11: a write that completes after the read timeout was answered "abandoned" yet applied.
  it('never answers "abandoned" for a store write: it waits for the write and reports what happened', async () => {
    for (const call of ['renameModel', 'deleteModel', 'setActiveModel', 'importModel', 'startTraining'] as const) {
      let applied = false;
      const fake = fakeServices(
        () => new Promise((resolve) => setTimeout(() => ((applied = true), resolve({ done: call })), 120)),
      );
      const payload = {
        renameModel: { id: 'pca-1', name: 'x' },
        deleteModel: { id: 'pca-1' },
        setActiveModel: { kind: 'pca', id: 'pca-1' },
        importModel: {},
        startTraining: { kind: 'pca' },
      }[call];
      const r = await dispatch(fake.handlers, call, payload, { timeoutMs: () => 20 });
      expect(applied).toBe(true);
      expect(r).toEqual({ ok: true, result: { done: call } });
    }
  });

  it('survives a service that throws synchronously', async () => {
    const handlers = fakeServices().handlers as unknown as Record<string, unknown>;
    handlers.ping = () => {
      throw new TypeError('boom');
    };
    expect(await dispatch(handlers as unknown as CallHandlers, 'ping', {})).toEqual({ ok: false, error: 'boom' });
  });
});

describe('relayEvents', () => {
  it('relays every contract event under its channel and removes every subscription with one call', () => {
    const subscribers = new Map<EventName, Set<(d: unknown) => void>>();
    const api = {} as Record<EventName, (cb: (d: unknown) => void) => () => void>;
    for (const name of Object.keys(EVENTS) as EventName[]) {
      const set = new Set<(d: unknown) => void>();
      subscribers.set(name, set);
      api[name] = (cb) => {
        set.add(cb);
        return () => set.delete(cb);
      };
    }
    const relayed: [string, unknown][] = [];
    const stop = relayEvents(api as unknown as Pick<InpaintApi, EventName>, (channel, data) =>
      relayed.push([channel, data]),
    );
    for (const [name, set] of subscribers) set.forEach((cb) => cb(`data of ${name}`));
    expect(relayed).toEqual((Object.keys(EVENTS) as EventName[]).map((name) => [EVENTS[name], `data of ${name}`]));
    stop();
    expect([...subscribers.values()].every((set) => set.size === 0)).toBe(true);
  });
});
