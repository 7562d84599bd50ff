// The kinds of missing region the models train and are evaluated on. The drawing lives in
// main/core/ml/data/masks/; this is what every layer needs to name them (CLI, UI, schema, metadata).

export const MASK_FAMILY_LIST = [
  { id: 'center-gray', label: 'Center square', what: "the exercise's protocol: an 8–14 px square near the center" },
  {
    id: 'rectangles',
    label: 'Rectangles',
    what: 'one rectangle of 4–24 px sides anywhere, possibly cut by the border',
  },
  { id: 'strokes', label: 'Brush strokes', what: '1–4 brush strokes, 2–6 px wide, of 2–5 segments of 3–12 px' },
  { id: 'holes', label: 'Small holes', what: '3–9 small square or round holes of 2–6 px' },
  { id: 'half', label: 'Side / half', what: 'everything from one side (top, bottom, left or right) to 7–18 px in' },
  { id: 'union', label: 'Unions', what: 'the union of 2–3 rectangles, stroke sets or hole sets' },
] as const;

export type MaskFamilyId = (typeof MASK_FAMILY_LIST)[number]['id'];
export const MASK_FAMILY_IDS: readonly MaskFamilyId[] = MASK_FAMILY_LIST.map((f) => f.id);

/**
 * A training mix: `center` = the protocol's squares only; `free` = the five free-form families in equal
 * shares; `mix` = all six families in equal shares (the default for new training).
 */
export const MASK_MIXES = ['center', 'free', 'mix'] as const;
export type MaskMix = (typeof MASK_MIXES)[number];
export const DEFAULT_MASK_MIX: MaskMix = 'mix';

export function isMaskFamilyId(x: unknown): x is MaskFamilyId {
  return typeof x === 'string' && (MASK_FAMILY_IDS as readonly string[]).includes(x);
}
export function isMaskMix(x: unknown): x is MaskMix {
  return typeof x === 'string' && (MASK_MIXES as readonly string[]).includes(x);
}
