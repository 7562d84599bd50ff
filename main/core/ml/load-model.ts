// A saved model's files → what the app uses: inpainters for the registry and/or a judge.
import type * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../../../shared/contract';
import { CLASSIFIER_PREFIX, classifyImages } from './classifier/classifier';
import { createNetInpainter, energiesWith } from './ebm/ebm-inpainter';
import { ENERGY_PREFIX, GENERATOR_PREFIX } from './ebm/ebm-train';
import type { Inpainter } from './inpainter';
import type { Judge, ModelFiles } from './model-files';
import { pcaFromFiles } from './pca/pca-files';
import { createPcaInpainters } from './pca/pca-inpainters';
import { layersModelFromFiles } from './tf/tf-io';

export interface LoadedModel {
  kind: ModelKind;
  inpainters: Inpainter[];
  judge?: Judge;
  /** The generator's networks, for research options (eval --refine). */
  nets?: { generator: tf.LayersModel; energy: tf.LayersModel };
  dispose(): void;
}

export async function loadModel(kind: ModelKind, files: ModelFiles): Promise<LoadedModel> {
  switch (kind) {
    case 'pca':
      return { kind, inpainters: createPcaInpainters(pcaFromFiles(files)), dispose() {} };
    case 'regressor': {
      const g = await layersModelFromFiles(files, GENERATOR_PREFIX);
      return {
        kind,
        inpainters: [createNetInpainter(g, 'regressor')],
        dispose: () => g.dispose(),
      };
    }
    case 'generator': {
      const g = await layersModelFromFiles(files, GENERATOR_PREFIX);
      let e;
      try {
        e = await layersModelFromFiles(files, ENERGY_PREFIX);
      } catch (err) {
        g.dispose();
        throw err;
      }
      const energy = e;
      return {
        kind,
        inpainters: [createNetInpainter(g, 'generator')],
        judge: { energy: (images, n) => energiesWith(energy, images, n) },
        nets: { generator: g, energy },
        dispose() {
          g.dispose();
          energy.dispose();
        },
      };
    }
    case 'classifier': {
      const c = await layersModelFromFiles(files, CLASSIFIER_PREFIX);
      return {
        kind,
        inpainters: [],
        judge: { classify: (images, n) => classifyImages(c, images, n) },
        dispose: () => c.dispose(),
      };
    }
    default:
      throw new Error(`unknown model kind "${String(kind)}"`);
  }
}
