// The error heat-map: |result − original| on each missing pixel, coloured on the fixed scale of
// shared/heat-scale.ts. Known pixels keep the result's gray: a colour always means "missing, and this far off".
import { heatColor } from '../../shared/heat-scale';
import { toRgba } from './image-stats';

/** What a result's error is measured against: the original ink and the missing pixels (1 = missing). */
export interface ErrorAgainst {
  original: ArrayLike<number>;
  mask: ArrayLike<number>;
}

/** |result − original| per missing pixel (mask 1); NaN on known pixels, where there is no error to show. */
export function pixelErrors(
  result: ArrayLike<number>,
  original: ArrayLike<number>,
  mask: ArrayLike<number>,
): Float32Array {
  if (result.length !== original.length || result.length !== mask.length) {
    throw new Error(
      `error map: sizes differ (result ${result.length}, original ${original.length}, mask ${mask.length})`,
    );
  }
  const out = new Float32Array(result.length);
  for (let i = 0; i < result.length; i++) out[i] = mask[i] ? Math.abs(result[i] - original[i]) : NaN;
  return out;
}

/** The result as RGBA with its missing pixels replaced by their error's colour; known pixels untouched. */
export function errorMapRgba(
  result: ArrayLike<number>,
  original: ArrayLike<number>,
  mask: ArrayLike<number>,
): Uint8ClampedArray<ArrayBuffer> {
  const rgba = toRgba(result);
  const errors = pixelErrors(result, original, mask);
  for (let i = 0; i < errors.length; i++) {
    if (Number.isNaN(errors[i])) continue;
    const [r, g, b] = heatColor(errors[i]);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
  }
  return rgba;
}
