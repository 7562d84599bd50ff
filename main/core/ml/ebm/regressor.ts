// The supervised baseline: the generator's architecture trained with plain L2 on the missing pixels.
// It shares G, batches and the loop with the energy-based generator (ebm-train.ts, kind 'regressor');
// side by side they show why averaging gives blur and the energy gives sharpness.
import type { TrainRequest } from '../../../../shared/contract';
import type { TrainData } from '../data/batches';
import { trainNets, type NetRun, type NetTrainOptions } from './ebm-train';

export function trainRegressor(req: TrainRequest, data: TrainData, opts: NetTrainOptions = {}): Promise<NetRun> {
  return trainNets('regressor', { ...req, kind: 'regressor' }, data, opts);
}
