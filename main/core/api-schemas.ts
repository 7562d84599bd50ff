// One schema per call's payload: the renderer (and anything on the WebSocket) is untrusted, so every
// payload is checked here before a service sees it. Strict objects (unknown keys are an error),
// bounded numbers, arrays and strings, ids that are plain basenames.
import { z } from 'zod';
import { MAX_TRAIN_WORKERS, METHOD_IDS, MODEL_KINDS, type CallName } from '../../shared/contract';
import { PIXELS } from '../../shared/image';
import { pixelProblem, type PixelRole } from '../../shared/pixel-rules';
import { MASK_FAMILY_IDS, MASK_MIXES } from '../../shared/masks';
import { EVAL_D, EVAL_N } from '../../shared/eval-limits';
import { ARCHS } from '../../shared/model-kinds';
import { METHODS, type MethodParamName, type MethodParamSpec } from '../../shared/methods';
import { MAX_BUNDLE_BYTES } from './store/bundle';
import { humanError } from './human-issues';

/**
 * Base64 of the largest bundle the store accepts: derived from the store's own cap, so any model the
 * store can save can also be exported and imported back (RELIABILITY 13). The WebSocket cap sits above it.
 */
export const MAX_BUNDLE_BASE64 = Math.ceil(MAX_BUNDLE_BYTES / 3) * 4;
const MAX_NAME = 100;
const MAX_INDEX = 10_000_000;
const UINT32_MAX = 0xffff_ffff;

/** A plain file-name-like id: no separators, no leading dot, never '..'. The store checks its own format too. */
export const idSchema = z
  .string()
  .max(128, 'id is too long')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'id must be a plain name (letters, digits, . _ -)')
  .refine((s) => !s.includes('..'), 'id must not contain ".."');

const nameSchema = z
  .string()
  .max(MAX_NAME, `name is longer than ${MAX_NAME} characters`)
  .refine((s) => s.trim().length > 0, 'name must not be empty')
  .refine((s) => !/\p{Cc}/u.test(s), 'name must not contain control characters');

/** Checks an array's length before its elements, so a 20-million-element array costs nothing. */
const boundedArray = <T extends z.ZodType>(item: T, min: number, max: number, message: string) =>
  z.custom<unknown[]>((v) => Array.isArray(v) && v.length >= min && v.length <= max, message).pipe(z.array(item));

/**
 * 784 pixels under the pixel rules every door shares (shared/pixel-rules.ts): a typed array of exactly 784
 * (Float32Array for an image, Uint8Array for a mask: the live path's binary frames and Electron's structured
 * clone) or, from JSON callers, an array of 784 numbers. The length is checked before any element.
 */
const pixels = (what: PixelRole | 'original', role: PixelRole = what === 'mask' ? 'mask' : 'image') => {
  const Typed = role === 'mask' ? Uint8Array : Float32Array;
  const message =
    `${what} must be an array of exactly ${PIXELS} numbers (28×28)` + ` or a ${Typed.name} of exactly ${PIXELS} values`;
  const asArray = boundedArray(z.number(), PIXELS, PIXELS, message);
  return z
    .custom<Float32Array | Uint8Array | number[]>(
      (v) => (v instanceof Typed && v.length === PIXELS) || (Array.isArray(v) && v.length === PIXELS),
      message,
    )
    .superRefine((values, ctx) => {
      // An array's elements are checked as numbers first (their issues keep their place); a typed array's are.
      if (Array.isArray(values)) {
        const r = asArray.safeParse(values);
        if (!r.success) return r.error.issues.forEach((issue) => ctx.addIssue({ ...issue }));
      }
      const problem = pixelProblem(role, values, what);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
};

const none = z.strictObject({}).optional();
const kind = z.enum(MODEL_KINDS as [string, ...string[]]);
const seed = z.int().min(0).max(UINT32_MAX);

/** Every parameter some method takes, bounded by the widest range the registry gives it. */
function methodParamsSchema() {
  const specs = new Map<MethodParamName, MethodParamSpec[]>();
  for (const m of METHODS) {
    for (const [name, spec] of Object.entries(m.params) as [MethodParamName, MethodParamSpec][]) {
      specs.set(name, [...(specs.get(name) ?? []), spec]);
    }
  }
  const shape: Record<string, z.ZodOptional<z.ZodNumber>> = {};
  for (const [name, list] of specs) {
    const base = list.every((s) => s.integer) ? z.int() : z.number();
    shape[name] = base
      .min(Math.min(...list.map((s) => s.min)))
      .max(Math.max(...list.map((s) => s.max)))
      .optional();
  }
  return z.strictObject(shape);
}

/** One method's own parameters, bounded by its own registry entry. */
function oneMethodParams(params: Readonly<Partial<Record<MethodParamName, MethodParamSpec>>>) {
  const shape: Record<string, z.ZodOptional<z.ZodNumber>> = {};
  for (const [name, spec] of Object.entries(params) as [MethodParamName, MethodParamSpec][]) {
    shape[name] = (spec.integer ? z.int() : z.number()).min(spec.min).max(spec.max).optional();
  }
  return z.strictObject(shape);
}

/** `methodParams`: per method id, that method's parameters. */
function perMethodParamsSchema() {
  return z.strictObject(Object.fromEntries(METHODS.map((m) => [m.id, oneMethodParams(m.params).optional()])));
}

export const SCHEMAS = {
  appInfo: none,
  ping: none,
  listMethods: none,
  trainingStatus: none,
  evalStatus: none,
  listModels: none,
  sample: z.strictObject({
    split: z.enum(['train', 'test']),
    index: z.int().min(0).max(MAX_INDEX).optional(),
    patchSeed: seed.optional(),
  }),
  inpaint: z.strictObject({
    image: pixels('image'),
    mask: pixels('mask'),
    // Each method at most once: a repeat only costs time (8 × pca-masked at d=784 held the host 1.5 s) and
    // answers nothing new, so it is refused rather than silently merged (a client that repeats has a bug).
    methods: boundedArray(
      z.enum(METHOD_IDS as [string, ...string[]]),
      1,
      METHOD_IDS.length,
      `methods must list 1 to ${METHOD_IDS.length} method ids`,
    ).refine((ids) => new Set(ids).size === ids.length, 'methods must not name a method twice'),
    params: methodParamsSchema().optional(),
    methodParams: perMethodParamsSchema().optional(),
    original: pixels('original').optional(),
    details: z.boolean().optional(),
    refine: z
      .strictObject({
        energy: z.enum(['generator', 'crbm']),
        steps: z.int().min(1).max(500),
        rate: z.number().gt(0).max(1).optional(),
      })
      .optional(),
  }),
  startTraining: z.strictObject({
    kind,
    epochs: z.int().min(1).max(1000).optional(),
    batchSize: z.int().min(1).max(4096).optional(),
    learningRate: z.number().gt(0).max(1).optional(),
    subset: z.int().min(1).max(MAX_INDEX).optional(),
    seed: seed.optional(),
    name: nameSchema.optional(),
    anchorWeight: z.number().min(0).max(1000).optional(),
    masks: z.enum(MASK_MIXES).optional(),
    workers: z.int().min(1).max(MAX_TRAIN_WORKERS).optional(),
    components: z.int().min(1).max(20).optional(),
    hiddenUnits: z.int().min(1).max(4096).optional(),
    gibbsSteps: z.int().min(1).max(100).optional(),
    persistent: z.int().min(0).max(1).optional(),
    biases: z.int().min(0).max(1).optional(),
    arch: z.enum(ARCHS).optional(),
  }),
  startEval: z.strictObject({
    methods: boundedArray(
      z.enum(METHOD_IDS as [string, ...string[]]),
      1,
      METHOD_IDS.length,
      `choose 1 to ${METHOD_IDS.length} methods`,
    ).refine((ids) => new Set(ids).size === ids.length, 'a method is chosen twice'),
    families: boundedArray(
      z.enum(MASK_FAMILY_IDS as [string, ...string[]]),
      1,
      MASK_FAMILY_IDS.length,
      `choose 1 to ${MASK_FAMILY_IDS.length} mask families`,
    ).refine((ids) => new Set(ids).size === ids.length, 'a mask family is chosen twice'),
    n: z.int().min(EVAL_N.min).max(EVAL_N.max),
    dList: boundedArray(
      z.int().min(EVAL_D.min).max(EVAL_D.max),
      0,
      EVAL_D.maxCount,
      `give at most ${EVAL_D.maxCount} values of d`,
    ).refine((ds) => new Set(ds).size === ds.length, 'a value of d is given twice'),
    seed: seed.optional(),
  }),
  cancelEval: z.strictObject({ jobId: idSchema }),
  cancelTraining: z.strictObject({ jobId: idSchema }),
  retrySave: z.strictObject({ jobId: idSchema }),
  modelDetails: z.strictObject({ id: idSchema }),
  renameModel: z.strictObject({ id: idSchema, name: nameSchema }),
  deleteModel: z.strictObject({ id: idSchema }),
  setActiveModel: z.strictObject({ kind, id: idSchema }),
  exportModel: z.strictObject({ id: idSchema, forTraining: z.boolean().optional() }),
  importModel: z
    .strictObject({
      bundleBase64: z
        .string()
        .max(MAX_BUNDLE_BASE64, 'the model file is too large')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the model file must be sent as base64')
        .optional(),
    })
    .optional(),
} satisfies Record<CallName, z.ZodType>;

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Checks a call's payload; the error says, in one short human line, what the call could not do and why. */
export function parsePayload(call: CallName, payload: unknown): ParseResult {
  const r = SCHEMAS[call].safeParse(payload, { reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: humanError(call, r.error.issues) };
}
