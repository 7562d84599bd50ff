// The generator configuration `train --kind generator` uses by default: the best found in the
// experiments (assets/models/EXPERIMENTS.md). PROTOCOL_GENERATOR_CONFIG is the pure exercise.
import { PROTOCOL_GENERATOR_CONFIG, type GeneratorConfig } from './ebm-model';

export const DEFAULT_GENERATOR_CONFIG: GeneratorConfig = {
  ...PROTOCOL_GENERATOR_CONFIG,
  // Provisional until the experiments finish: a tiny adversarial weight on top of an L2 anchor.
  anchorWeight: 0.99,
};

/** Epochs when a request names none (3 × 60k at ~900 examples/s on wasm ≈ 3.5 minutes). */
export const DEFAULT_GENERATOR_EPOCHS = 3;
