// What the UI sees of a store entry: the contract's ModelSummary / ModelDetails.
import { parseModelMetadata } from '../../../shared/model-metadata';
import type { ModelDetails, ModelSummary } from '../../../shared/contract';
import { metadataForDetails } from './metadata-bounds';
import type { Entry } from './scan';

export function summarize(e: Entry): ModelSummary {
  const s: ModelSummary = {
    id: e.meta.id,
    name: e.meta.name,
    kind: e.meta.kind,
    builtIn: e.builtIn,
    createdAt: e.meta.createdAt,
    loadable: !e.problem,
    sizeBytes: e.meta.files.reduce((sum, f) => sum + f.bytes, 0),
  };
  if (e.problem) s.problem = e.problem;
  return s;
}

type CurvePoint = NonNullable<ModelDetails['curve']>[number];
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function toDetails(e: Entry): ModelDetails {
  const bounded = metadataForDetails(e.meta.metadata);
  const parsed = parseModelMetadata(e.meta.kind, bounded);
  const d: ModelDetails = {
    ...summarize(e),
    metadata: parsed.ok ? parsed.metadata : { kind: e.meta.kind },
    ...(parsed.ok ? {} : { metadataProblem: parsed.problem }),
  };
  const curve = bounded.curve;
  if (Array.isArray(curve)) {
    d.curve = curve
      .filter((p): p is CurvePoint => typeof p === 'object' && p !== null && finite(p.step) && finite(p.loss))
      .map((p) => {
        const point: CurvePoint = { step: p.step, loss: p.loss };
        if (finite(p.energyReal)) point.energyReal = p.energyReal;
        if (finite(p.energyFake)) point.energyFake = p.energyFake;
        return point;
      });
  }
  return d;
}
