// What a saved model says about itself, typed per model kind. The store checks a model's metadata with
// these schemas when it reads it (summaries.ts) and the details card renders the typed result, so no
// layer guesses the shape at run time. Lenient on purpose: every field is optional (older models lack
// some), unknown keys are dropped, and a kind's card shows only the settings that kind has.
import { z } from 'zod';
import type { ModelKind } from './model-kinds';

const num = z.number();
/** JSON turns NaN and ±Infinity into null. */
const numOrNull = z.number().nullable();

export const evalRowSchema = z.object({
  method: z.string(),
  d: num.optional(),
  mse: num,
  psnr: numOrNull.optional(),
  accuracy: numOrNull.optional(),
  /** The mask family the row was measured on (eval --family / --protocol with several families). */
  family: z.string().optional(),
});

const evalSchema = z.object({
  protocol: z.string().optional(),
  n: num.optional(),
  seed: num.optional(),
  command: z.string().optional(),
  rows: z.array(evalRowSchema),
  /** The same rows per mask family (eval --protocol all), keyed by family. */
  families: z.record(z.string(), z.array(evalRowSchema)).optional(),
});

const curvePoint = z.object({
  step: num,
  loss: num,
  energyReal: num.optional(),
  energyFake: num.optional(),
});

const common = {
  data: z.object({ name: z.string(), n: num }).optional(),
  backend: z.object({ name: z.string(), reason: z.string().optional() }).optional(),
  createdAt: z.string().optional(),
  seed: numOrNull.optional(),
  epochs: num.optional(),
  steps: num.optional(),
  resumed: z.boolean().optional(),
  commandLine: z.string().optional(),
  shippedWeights: z.string().optional(),
  curve: z.array(curvePoint).optional(),
  eval: evalSchema.optional(),
  /** The same figures on every mask family (rows carry their family). */
  evalFamilies: evalSchema.optional(),
};

/** Settings of the dense generator network both the energy-based generator and the regressor have. */
const netConfig = {
  hidden: z.array(num).optional(),
  learningRate: num.optional(),
  beta1: num.optional(),
  beta2: num.optional(),
  batchSize: num.optional(),
  /** Network architecture name where there are several ('dense', 'conv'). */
  arch: z.string().optional(),
  /** Which missing regions training drew (shared/masks.ts: 'center', 'free', 'mix'). */
  masks: z.string().optional(),
  /** Training threads of a data-parallel run (same update as one thread, up to float summation order). */
  workers: num.optional(),
};

export const PCA_METADATA = z.object({
  kind: z.literal('pca'),
  ...common,
  metrics: z.object({ fitSeconds: num.optional() }).optional(),
});

export const GENERATOR_METADATA = z.object({
  kind: z.literal('generator'),
  ...common,
  config: z
    .object({
      ...netConfig,
      energyHidden: z.array(num).optional(),
      loss: z.string().optional(),
      reversal: z.string().optional(),
      reversalScale: num.optional(),
      anchorWeight: num.optional(),
      energyNoise: num.optional(),
    })
    .optional(),
  metrics: z
    .object({
      loss: num.optional(),
      energyLoss: num.optional(),
      energyReal: num.optional(),
      energyFake: num.optional(),
      l2: num.optional(),
      testPatchMse: num.optional(),
      trainSeconds: num.optional(),
      examplesPerSec: num.optional(),
    })
    .optional(),
});

/** The regressor is trained with plain L2: no energy network, so none of its settings (dropped if present). */
export const REGRESSOR_METADATA = z.object({
  kind: z.literal('regressor'),
  ...common,
  config: z.object(netConfig).optional(),
  metrics: z
    .object({
      loss: num.optional(),
      testPatchMse: num.optional(),
      trainSeconds: num.optional(),
      examplesPerSec: num.optional(),
    })
    .optional(),
});

export const CLASSIFIER_METADATA = z.object({
  kind: z.literal('classifier'),
  ...common,
  config: z
    .object({
      hidden: z.array(num).optional(),
      dropout: num.optional(),
      learningRate: num.optional(),
      batchSize: num.optional(),
      epochs: num.optional(),
      decayAt: num.optional(),
      decayTo: num.optional(),
      arch: z.string().optional(),
      workers: num.optional(),
    })
    .optional(),
  metrics: z
    .object({
      testAccuracy: num.optional(),
      finalLoss: num.optional(),
      trainSeconds: num.optional(),
      examplesPerSec: num.optional(),
    })
    .optional(),
});

/** A kind without a schema of its own yet: the common fields, its settings and figures as plain values. */
const value = z.union([num, z.string(), z.boolean(), z.array(num), z.null()]);
export const OTHER_METADATA = z.object({
  kind: z.string(),
  ...common,
  config: z.record(z.string(), z.union([value, z.record(z.string(), z.unknown())])).optional(),
  metrics: z.record(z.string(), z.union([value, z.record(z.string(), z.unknown())])).optional(),
});

export type PcaMetadata = z.infer<typeof PCA_METADATA>;
export type GeneratorMetadata = z.infer<typeof GENERATOR_METADATA>;
export type RegressorMetadata = z.infer<typeof REGRESSOR_METADATA>;
export type ClassifierMetadata = z.infer<typeof CLASSIFIER_METADATA>;
export type OtherMetadata = z.infer<typeof OTHER_METADATA>;
export type ModelMetadata = PcaMetadata | GeneratorMetadata | RegressorMetadata | ClassifierMetadata | OtherMetadata;
export type EvalRowMeta = z.infer<typeof evalRowSchema>;

const BY_KIND: Partial<Record<ModelKind, z.ZodType<ModelMetadata>>> = {
  pca: PCA_METADATA,
  generator: GENERATOR_METADATA,
  regressor: REGRESSOR_METADATA,
  classifier: CLASSIFIER_METADATA,
};

export type MetadataResult = { ok: true; metadata: ModelMetadata } | { ok: false; problem: string };

/** Checks raw metadata against its kind's schema; the problem is one line in words. */
export function parseModelMetadata(kind: ModelKind, raw: unknown): MetadataResult {
  const schema = BY_KIND[kind] ?? OTHER_METADATA;
  // Older models may lack `kind` inside their metadata: the store's own record of the kind decides.
  const input = raw && typeof raw === 'object' ? { ...raw, kind } : raw;
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, metadata: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join(' › ') : 'the metadata';
  return { ok: false, problem: `${where} is not what a ${kind} model records` };
}
