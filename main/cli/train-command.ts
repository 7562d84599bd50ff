// `train --kind KIND [--epochs E] [--batch B] [--lr X] [--seed S] [--subset N] [--anchor W] [--masks M]
//   [--arch A] [--workers N] [--name NAME] [--resume MODEL]`
import { MAX_TRAIN_WORKERS, MODEL_KINDS, type ModelKind, type TrainRequest } from '../../shared/contract';
import { trainModel } from '../core/ml/train-model';
import { isMaskMix, MASK_MIXES } from '../../shared/masks';
import { ARCHS, isArch, kindInfo } from '../../shared/model-kinds';
import { backendLine, dataset, openStore, resolveModelId } from './context';
import { CliError, intOption, numberOption, required } from './errors';
import { progressBar } from './progress';

/** The kinds whose trainer runs data-parallel (the others train on one thread). */
const PARALLEL_KINDS = MODEL_KINDS.filter((k) => kindInfo(k).options.some((o) => o === 'workers'));

export function trainRequestFromOptions(opts: Record<string, string | undefined>): TrainRequest {
  const kind = required(opts.kind, 'kind') as ModelKind;
  if (!MODEL_KINDS.includes(kind)) throw new CliError(`unknown kind "${kind}"; known: ${MODEL_KINDS.join(', ')}`);
  const req: TrainRequest = { kind };
  if (opts.epochs !== undefined) req.epochs = intOption(opts.epochs, 'epochs', 1, 1, 1000);
  if (opts.batch !== undefined) req.batchSize = intOption(opts.batch, 'batch', 64, 1, 4096);
  if (opts.lr !== undefined) req.learningRate = numberOption(opts.lr, 'lr', undefined, 1e-7, 10);
  if (opts.seed !== undefined) req.seed = intOption(opts.seed, 'seed', 0, 0, 2 ** 31 - 1);
  if (opts.subset !== undefined) req.subset = intOption(opts.subset, 'subset', 60000, 1);
  if (opts.anchor !== undefined) req.anchorWeight = numberOption(opts.anchor, 'anchor', undefined, 0, 1);
  if (opts.masks !== undefined) {
    if (!isMaskMix(opts.masks)) throw new CliError(`unknown --masks "${opts.masks}"; known: ${MASK_MIXES.join(', ')}`);
    if (!kindInfo(kind).options.some((o) => o === 'masks'))
      throw new CliError(`--masks applies to the generator, the regressor, the MDN and the CRBM, not to ${kind}`);
    req.masks = opts.masks;
  }
  if (opts.workers !== undefined) {
    if (!PARALLEL_KINDS.includes(kind))
      throw new CliError(`--workers applies to ${PARALLEL_KINDS.join(', ')}, not to ${kind}`);
    req.workers = intOption(opts.workers, 'workers', 1, 1, MAX_TRAIN_WORKERS);
  }
  if (opts.components !== undefined) req.components = intOption(opts.components, 'components', 5, 1, 20);
  if (opts.hidden !== undefined) req.hiddenUnits = intOption(opts.hidden, 'hidden', 500, 1, 4096);
  if (opts.gibbs !== undefined) req.gibbsSteps = intOption(opts.gibbs, 'gibbs', 5, 1, 100);
  if (opts.persistent !== undefined) req.persistent = intOption(opts.persistent, 'persistent', 0, 0, 1);
  if (opts.biases !== undefined) req.biases = intOption(opts.biases, 'biases', 0, 0, 1);
  if (opts.arch !== undefined) {
    if (!isArch(opts.arch)) throw new CliError(`unknown --arch "${opts.arch}"; known: ${ARCHS.join(', ')}`);
    if (!kindInfo(kind).options.some((o) => o === 'arch')) throw new CliError(`--arch does not apply to ${kind}`);
    req.arch = opts.arch;
  }
  if (opts.name !== undefined) req.name = opts.name;
  return req;
}

export async function trainCommand(opts: Record<string, string | undefined>, argv: string[]): Promise<void> {
  const req = trainRequestFromOptions(opts);
  process.stderr.write(`${await backendLine()}\n`);
  const data = await dataset();
  const store = await openStore();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar(`training ${req.kind}`);
  try {
    // Resume continues a saved run (weights and optimizer state) for --epochs more epochs.
    const resumeFrom = opts.resume ? await store.readFiles(resolveModelId(store, req.kind, opts.resume)) : undefined;
    const model = await trainModel(req, data, {
      resumeFrom,
      signal: controller.signal,
      onProgress: (p) => {
        const energies =
          p.energyReal !== undefined ? ` E(real) ${p.energyReal.toFixed(2)} E(fake) ${p.energyFake?.toFixed(2)}` : '';
        bar.update(
          p.totalSteps ? p.step / p.totalSteps : 0,
          `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}${energies} ${Math.round(p.examplesPerSec)} ex/s`,
        );
      },
    });
    bar.stop();
    if (controller.signal.aborted) throw new CliError('training cancelled: nothing was saved');
    model.metadata.commandLine = `npm run cli -- ${argv.join(' ')}`;
    const saved = await store.save(model, req.name);
    if (!store.list().active[req.kind]) await store.setActive(req.kind, saved.id);
    process.stdout.write(`saved ${saved.kind} model ${saved.id} ("${saved.name}")\n`);
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
    await store.close();
  }
}
