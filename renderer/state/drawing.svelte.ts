// The document being drawn, the tool settings and undo/redo. Rasters are $derived, so the preview, the
// canvas and the live requests all read the same 784 numbers the models receive.
import { docFromBitmap, emptyDoc, withBaseMask, withOp, type Doc, type Op } from '../canvas/document';
import type { MaskShape, ToolId, ToolSettings } from '../canvas/gesture';
import { History } from '../canvas/history';
import { modelInput, rasterizeDoc, withPending } from '../canvas/rasterize';
import type { Sample } from '../../shared/contract';
import { loadDrawing, saveDrawing } from './saved-drawing';

export const MIN_SIZE = 0.5;
export const MAX_SIZE = 8;

/** Where the current digit came from: drawn from scratch, or a dataset digit. */
export type Source =
  { kind: 'blank' } | { kind: 'sample'; split: 'train' | 'test'; index: number; label: number; patchSeed: number };

export class DrawingState {
  settings = $state<ToolSettings>({ tool: 'brush', size: 2.5, pressure: true, maskShape: 'brush' });
  doc = $state.raw<Doc>(emptyDoc());
  /** The gesture in progress, shown live but not yet an undo step. */
  pending = $state.raw<Op | null>(null);
  source = $state.raw<Source>({ kind: 'blank' });
  /** While held (O key or the button), the canvas and input panel show the unmasked ink. */
  showOriginal = $state(false);
  canUndo = $state(false);
  canRedo = $state(false);

  committed = $derived(rasterizeDoc(this.doc));
  raster = $derived(withPending(this.committed, this.pending));
  /** Exactly the input the models receive: missing pixels gray. */
  input = $derived(modelInput(this.raster));
  missingCount = $derived(this.raster.mask.reduce((s, m) => s + m, 0));

  // Snapshots hold the source too, so undoing a "load digit" also restores what the canvas came from.
  private history: History<{ doc: Doc; source: Source }>;

  /** `restoreSaved`: start from the drawing kept in this browser (a reload brings the work back). */
  constructor(restoreSaved = true) {
    const saved = restoreSaved ? loadDrawing() : null;
    if (saved) {
      this.doc = docFromBitmap(saved.ink, saved.mask);
      this.source = saved.source;
    }
    this.history = new History<{ doc: Doc; source: Source }>({ doc: this.doc, source: this.source });
  }

  setTool(tool: ToolId, maskShape?: MaskShape): void {
    this.settings.tool = tool;
    if (maskShape) this.settings.maskShape = maskShape;
  }

  setSize(size: number): void {
    this.settings.size = Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.round(size * 2) / 2));
  }

  /** Bigger steps at bigger sizes, as drawing apps do. */
  sizeUp(): void {
    this.setSize(this.settings.size + (this.settings.size >= 3 ? 1 : 0.5));
  }
  sizeDown(): void {
    this.setSize(this.settings.size - (this.settings.size > 3 ? 1 : 0.5));
  }

  /** One finished gesture → one undo step. */
  commit(op: Op): void {
    this.pending = null;
    this.apply(withOp(this.doc, op));
  }

  clear(): void {
    this.apply(emptyDoc(), { kind: 'blank' });
  }

  loadSample(s: Sample): void {
    this.apply(docFromBitmap(s.original, s.mask), {
      kind: 'sample',
      split: s.split,
      index: s.index,
      label: s.label,
      patchSeed: s.patchSeed,
    });
  }

  /** A new center-gray patch on the same ink. */
  replaceMask(mask: number[], patchSeed: number): void {
    const source: Source = this.source.kind === 'sample' ? { ...this.source, patchSeed } : this.source;
    this.apply(withBaseMask(this.doc, mask), source);
  }

  undo(): void {
    this.restore(this.history.undo());
  }

  redo(): void {
    this.restore(this.history.redo());
  }

  private apply(doc: Doc, source: Source = this.source): void {
    this.pending = null;
    this.restore(this.history.push({ doc, source }));
  }

  private restore(snap: { doc: Doc; source: Source }): void {
    this.pending = null;
    this.doc = snap.doc;
    this.source = snap.source;
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
    saveDrawing(this.committed.ink, this.committed.mask, this.source);
  }
}
