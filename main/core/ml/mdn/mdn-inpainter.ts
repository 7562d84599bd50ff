// The MDN as a registry method: one answer per image by the chosen rule, and — for the studio — all K
// completions with their αᵢ (and πᵢ when the original is known).
import type { MethodParams } from '../../../../shared/contract';
import { PIXELS } from '../../../../shared/image';
import { checkBatch, composite, type Inpainter, type InpaintDetails } from '../inpainter';
import type * as tf from '@tensorflow/tfjs';
import { mdnTerms } from './mdn-math';
import type { SavedMdnConfig } from './mdn-files';
import { completion, predictMixture } from './mdn-predict';
import { answers, pick, type MdnRule, type Scorers } from './mdn-rules';

/** The `rule` parameter: 0 = the rule chosen on the holdout, then highest α, mixture mean, lowest E, lowest F,
 * most confident digit, the mixture's digit vote, closest to the generator's answer. */
export const RULE_BY_PARAM: readonly (MdnRule | null)[] = [
  null,
  'alpha',
  'mean',
  'energy',
  'free-energy',
  'confident',
  'vote',
  'agree',
];

export function ruleOf(params: MethodParams | undefined, saved: MdnRule): MdnRule {
  return RULE_BY_PARAM[params?.rule ?? 0] ?? saved;
}

/** πᵢ of each completion given the original's missing pixels (the sheet's posterior, in float64). */
function posteriors(
  logits: Float32Array,
  sigma: Float32Array,
  comps: Float32Array[],
  original: Float32Array,
  mask: Uint8Array,
) {
  const missing = [...Array(PIXELS).keys()].filter((p) => mask[p]);
  return mdnTerms({
    z: Array.from(logits, (a) => Math.log(Math.max(a, 1e-30))),
    sigma,
    mu: comps.map((c) => missing.map((p) => c[p])),
    t: missing.map((p) => original[p]),
  }).posterior;
}

export function createMdnInpainter(
  net: tf.LayersModel,
  config: SavedMdnConfig,
  scorers: () => Scorers = () => ({}),
): Inpainter {
  return {
    id: 'mdn',
    inpaint(images, masks, n, params) {
      checkBatch(images, masks, n);
      const m = predictMixture(net, config, images, masks, n);
      // The mixture mean's known pixels are Σαᵢ·x, not x bit for bit: composite restores them exactly.
      return composite(images, masks, answers(m, ruleOf(params, config.rule), scorers()));
    },
    details(image, mask, params, original): InpaintDetails {
      checkBatch(image, mask, 1);
      const m = predictMixture(net, config, image, mask, 1);
      const rule = ruleOf(params, config.rule);
      const chosen = pick(m, rule, scorers())[0];
      const comps = Array.from({ length: m.k }, (_, i) => completion(m, 0, i));
      const pi = original ? posteriors(m.alpha, m.sigma, comps, original, mask) : null;
      return {
        rule,
        samples: comps.map((c, i) => ({
          image: Float32Array.from(c),
          weight: m.alpha[i],
          ...(pi ? { posterior: pi[i] } : {}),
          chosen: i === chosen,
        })),
      };
    },
  };
}
