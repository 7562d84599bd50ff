// Any method followed by energy descent, as an inpainter: what eval measures to say whether refining helps.
import type { Inpainter } from '../inpainter';
import { descend, type DescentOptions, type EnergyOf } from './energy-descent';

export function refinedInpainter(inner: Inpainter, energyOf: EnergyOf, options: DescentOptions): Inpainter {
  return {
    id: inner.id,
    inpaint(images, masks, n, params) {
      return descend(energyOf, inner.inpaint(images, masks, n, params), masks, n, options);
    },
  };
}
