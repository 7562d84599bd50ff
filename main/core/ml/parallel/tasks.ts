// The models data-parallel training knows, as plain data a worker thread can rebuild them from. The
// coordinating thread wraps the nets it trains (replicaFor); worker threads build fresh ones
// (buildReplica) whose weights are then overwritten by the shared parameters. A new model kind is one
// case here plus its replica (its variables and its shard loss).
import type * as tf from '@tensorflow/tfjs';
import { buildClassifier } from '../classifier/classifier';
import { classifierReplica } from '../classifier/classifier-shard';
import { buildEnergy, buildGenerator, type GeneratorConfig } from '../ebm/ebm-model';
import { ebmReplica } from '../ebm/ebm-shard';
import type { Replica } from './shard-task';
import type { MaskSource } from '../data/masks/mixer';

export type TaskSpec =
  | { kind: 'generator' | 'regressor'; config: GeneratorConfig; seed: number; masks: MaskSource }
  | { kind: 'classifier'; hidden: number[]; dropout: number; seed: number };

/** The replica of the nets the calling thread trains (generator: [G, E]; regressor: [G]; classifier: [C]). */
export function replicaFor(spec: TaskSpec, nets: tf.LayersModel[]): Replica {
  if (spec.kind === 'classifier') return classifierReplica(nets[0], spec.seed);
  return ebmReplica(spec.kind, { generator: nets[0], energy: nets[1] }, spec.config, spec.seed, spec.masks);
}

/** A fresh replica (a worker thread's): same architecture, weights to be loaded. */
export function buildReplica(spec: TaskSpec): Replica {
  if (spec.kind === 'classifier') return replicaFor(spec, [buildClassifier(spec.seed, spec.hidden, spec.dropout)]);
  const nets: tf.LayersModel[] = [buildGenerator(spec.config.hidden, 1)];
  if (spec.kind === 'generator') nets.push(buildEnergy(spec.config.energyHidden, 2));
  return replicaFor(spec, nets);
}
