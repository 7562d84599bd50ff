// The models data-parallel training knows, as plain data a worker thread can rebuild them from. The
// coordinating thread wraps the nets it trains (replicaFor); worker threads build fresh ones
// (buildReplica) whose weights are then overwritten by the shared parameters. A new model kind is one
// case here plus its replica (its variables and its shard loss).
import type * as tf from '@tensorflow/tfjs';
import type { Arch } from '../../../../shared/model-kinds';
import { buildClassifier } from '../classifier/classifier';
import { buildConvClassifier, buildConvEnergy, buildConvGenerator } from '../conv/conv-nets';
import { classifierReplica } from '../classifier/classifier-shard';
import { buildEnergy, buildGenerator, type GeneratorConfig } from '../ebm/ebm-model';
import { ebmReplica } from '../ebm/ebm-shard';
import { buildMdn, type MdnConfig } from '../mdn/mdn-model';
import { mdnReplica } from '../mdn/mdn-shard';
import type { MaskMix } from '../../../../shared/masks';
import type { Replica } from './shard-task';
import type { MaskSource } from '../data/masks/mixer';

export type TaskSpec =
  | { kind: 'generator' | 'regressor'; config: GeneratorConfig; seed: number; masks: MaskSource }
  | { kind: 'classifier'; arch: Arch; hidden: number[]; dropout: number; seed: number }
  | { kind: 'mdn'; config: MdnConfig; seed: number; masks: MaskMix };

/** The replica of the nets the calling thread trains (generator: [G, E]; regressor: [G]; classifier, MDN: [net]). */
export function replicaFor(spec: TaskSpec, nets: tf.LayersModel[]): Replica {
  if (spec.kind === 'classifier') return classifierReplica(nets[0], spec.seed);
  if (spec.kind === 'mdn') return mdnReplica(nets[0], spec.config, spec.seed, spec.masks);
  return ebmReplica(spec.kind, { generator: nets[0], energy: nets[1] }, spec.config, spec.seed, spec.masks);
}

/**
 * The nets a spec trains, MLP or conv as its architecture says, initialised from `seeds` (G's or the
 * classifier's, then E's). The trainers build their fresh nets here and worker threads their replicas.
 */
export function buildNets(spec: TaskSpec, seeds: readonly [number, number]): tf.LayersModel[] {
  if (spec.kind === 'classifier') {
    const { arch, hidden, dropout } = spec;
    return [arch === 'conv' ? buildConvClassifier(seeds[0], dropout) : buildClassifier(seeds[0], hidden, dropout)];
  }
  if (spec.kind === 'mdn') return [buildMdn(spec.config, seeds[0])]; // MLP or the U-Net trunk, as config.arch says
  const { arch, hidden, energyHidden } = spec.config;
  const nets = [arch === 'conv' ? buildConvGenerator(seeds[0]) : buildGenerator(hidden, seeds[0])];
  if (spec.kind === 'generator')
    nets.push(arch === 'conv' ? buildConvEnergy(seeds[1]) : buildEnergy(energyHidden, seeds[1]));
  return nets;
}

/** A fresh replica (a worker thread's): same architecture, weights to be loaded. */
export function buildReplica(spec: TaskSpec): Replica {
  return replicaFor(spec, buildNets(spec, [1, 2]));
}
