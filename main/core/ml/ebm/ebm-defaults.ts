// The generator configuration `train --kind generator` uses by default: the best found in the
// experiments (assets/models/EXPERIMENTS.md). PROTOCOL_GENERATOR_CONFIG is the pure exercise, which
// collapses (its inpaintings are no better than the gray patch).
import { PROTOCOL_GENERATOR_CONFIG, type GeneratorConfig } from './ebm-model';

export const DEFAULT_GENERATOR_CONFIG: GeneratorConfig = {
  ...PROTOCOL_GENERATOR_CONFIG,
  // 97% L2 reconstruction anchor on the missing pixels, 3% energy loss (through the reversal):
  // the anchor picks the right digit, the energy term sharpens the strokes.
  anchorWeight: 0.97,
  // Adam β1 0.5 (as GANs use): less momentum keeps G and E from overshooting each other.
  beta1: 0.5,
  // Gaussian noise (std 0.1) on every image E sees: E cannot win on pixel statistics G's sigmoid
  // cannot reproduce (exact 0s), so it has to judge strokes.
  energyNoise: 0.1,
};
