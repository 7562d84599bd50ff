// Which models an evaluation run needs: each chosen method's kind, the classifier (accuracy) when one is
// loaded, and for the MDN the generator and CRBM it may consult (its lowest-E / lowest-F rules).
import type { MethodId, ModelKind } from '../../shared/contract';
import { methodInfo } from '../../shared/methods';

/**
 * `loaded(kind)`: whether a model of the kind is in use. A chosen method without its model is refused
 * with the reason (`problem`), before any process starts.
 */
export function evalModelKinds(
  methods: readonly MethodId[],
  loaded: (kind: ModelKind) => boolean,
  problem: (kind: ModelKind) => string | undefined,
): ModelKind[] {
  const kinds = new Set<ModelKind>();
  for (const m of methods) {
    const { modelKind, label } = methodInfo(m);
    if (!loaded(modelKind))
      throw new Error(`${label} cannot be evaluated: ${problem(modelKind) ?? `no ${modelKind} model is loaded`}`);
    kinds.add(modelKind);
  }
  const helpers: ModelKind[] = ['classifier', ...(kinds.has('mdn') ? (['generator', 'crbm'] as const) : [])];
  for (const kind of helpers) if (loaded(kind)) kinds.add(kind);
  return [...kinds];
}
