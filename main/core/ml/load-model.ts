// A saved model's files → what the app uses: inpainters for the registry and/or a judge.
import type { MethodId, ModelKind } from '../../../shared/contract';
import { CLASSIFIER_PREFIX, classifyImages } from './classifier/classifier';
import { createNetInpainter, energiesWith } from './ebm/ebm-inpainter';
import { ENERGY_PREFIX, GENERATOR_PREFIX } from './ebm/ebm-train';
import type { Inpainter } from './inpainter';
import type { Judge, ModelFiles } from './model-files';
import { pcaFromFiles } from './pca/pca-files';
import { createPcaInpainters } from './pca/pca-inpainters';
import { layersModelFromFiles } from './tf/tf-io';
import { mdnFromFiles } from './mdn/mdn-files';
import { createMdnInpainter } from './mdn/mdn-inpainter';
import { crbmFromFiles } from './crbm/crbm-files';
import { createCrbmInpainter } from './crbm/crbm-inpainter';
import { disposeCrbm } from './crbm/crbm-model';
import { freeEnergy } from './crbm/crbm-conditionals';
import { energiesOf, type EnergyOf } from './descent/energy-descent';
import * as tf from '@tensorflow/tfjs';

export interface LoadedModel {
  kind: ModelKind;
  inpainters: Inpainter[];
  judge?: Judge;
  /** A differentiable energy for energy descent (generator: its E network; crbm: the free energy F). */
  energyOf?: EnergyOf;
  /** The generator's networks, for research options (eval --refine). */
  nets?: { generator: tf.LayersModel; energy: tf.LayersModel };
  dispose(): void;
}

/** What a loader may consult at inference time: the judges of the other active models (the MDN's lowest-E rule). */
export interface LoadContext {
  judge?: () => Judge;
  /** The active CRBM's free energy (the MDN's lowest-F rule). */
  freeEnergy?: () => EnergyOf | undefined;
  /** Another loaded method's inpainter (the MDN's rule that agrees with the generator). */
  inpainter?: (method: MethodId) => Inpainter | undefined;
}

export async function loadModel(kind: ModelKind, files: ModelFiles, ctx: LoadContext = {}): Promise<LoadedModel> {
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
        energyOf: (v) => tf.reshape(energy.apply(v) as tf.Tensor, [-1]) as tf.Tensor1D,
        nets: { generator: g, energy },
        dispose() {
          g.dispose();
          energy.dispose();
        },
      };
    }
    case 'mdn': {
      const { net, config } = await mdnFromFiles(files);
      const scorers = () => {
        const f = ctx.freeEnergy?.();
        const j = ctx.judge?.();
        const g = ctx.inpainter?.('generator');
        return {
          energy: j?.energy,
          freeEnergy: f ? energiesOf(f) : undefined,
          classify: j?.classify,
          propose: g ? (images: Float32Array, masks: Uint8Array, n: number) => g.inpaint(images, masks, n) : undefined,
        };
      };
      return { kind, inpainters: [createMdnInpainter(net, config, scorers)], dispose: () => net.dispose() };
    }
    case 'crbm': {
      const { params } = crbmFromFiles(files);
      return {
        kind,
        inpainters: [createCrbmInpainter(params)],
        energyOf: (v) => freeEnergy(params, v),
        dispose: () => disposeCrbm(params),
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
