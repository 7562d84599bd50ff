// The command line over the same core as the app: `npm run cli -- <command> [options]`.
import { parseArgs } from 'node:util';
import { CliError } from './errors';
import { kindList, methodHelp } from './method-table';
import { IdxError } from '../core/ml/data/idx';
import { StoreError } from '../core/store/model-store';

const USAGE = `Inpaint Studio command line

  inpaint --images F --masks F --method ID [--d N] [--rule R] [--steps N] [--model NAME] --out F
  eval    [--protocol F,G|all] [--n N] [--seed S] [--methods a,b] [--d 5,10,...] [--steps N]
          [--refine generator|crbm [--refine-steps N] [--refine-rate X]]
          [--holdout] [--pca NAME] [--judge CLASSIFIER] [--json]
  train   --kind ${kindList()} [--epochs E] [--batch B] [--lr X]
          [--seed S] [--subset N] [--anchor W] [--masks center|free|mix] [--arch mlp|conv] [--workers N]
          [--name NAME] [--resume MODEL]
          mdn: [--components K]   crbm: [--hidden H] [--gibbs k] [--persistent 0|1] [--biases 0|1]
  bench   [--json] [--inference] [--workers N]
  models  [--json]

Methods (--method, --methods):
${methodHelp()}

Data: the built-in MNIST, or INPAINT_DATASET_DIR=<folder of IDX files>.
Models: INPAINT_DATA_DIR overrides the store folder.
Training threads: --workers N, or INPAINT_TRAIN_WORKERS (default: every core, at most 8).`;

type Options = Record<string, string | undefined>;
const COMMANDS: Record<
  string,
  { options: string[]; flags?: string[]; run: (o: Options, argv: string[]) => Promise<void> }
> = {
  inpaint: {
    options: ['images', 'masks', 'method', 'd', 'rule', 'steps', 'model', 'out'],
    run: async (o) => (await import('./inpaint-command')).inpaintCommand(o),
  },
  eval: {
    options: [
      'protocol',
      'n',
      'seed',
      'methods',
      'd',
      'steps',
      'batch',
      'refine',
      'refine-steps',
      'refine-rate',
      'family',
      'pca',
      'judge',
    ],
    flags: ['json', 'holdout'],
    run: async (o) => (await import('./eval-command')).evalCommand(o),
  },
  train: {
    options: [
      'kind',
      'epochs',
      'batch',
      'lr',
      'seed',
      'subset',
      'anchor',
      'masks',
      'arch',
      'workers',
      'components',
      'hidden',
      'gibbs',
      'persistent',
      'biases',
      'name',
      'resume',
    ],
    run: async (o, argv) => (await import('./train-command')).trainCommand(o, argv),
  },
  bench: {
    options: ['workers'],
    flags: ['json', 'inference'],
    run: async (o) => (await import('./bench-command')).benchCommand(o),
  },
  models: { options: [], flags: ['json'], run: async (o) => (await import('./models-command')).modelsCommand(o) },
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command "${name}" (try: help)`);
  const options = Object.fromEntries([
    ...command.options.map((o) => [o, { type: 'string' as const }]),
    ...(command.flags ?? []).map((o) => [o, { type: 'boolean' as const }]),
  ]);
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const opts: Options = {};
  for (const [k, v] of Object.entries(values)) opts[k] = v === true ? 'true' : typeof v === 'string' ? v : undefined;
  await command.run(opts, argv);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    // User mistakes and bad files: one line. Anything else is a bug: keep the stack for the report.
    const isUser = err instanceof CliError || err instanceof IdxError || err instanceof StoreError;
    process.stderr.write(
      isUser ? `error: ${(err as Error).message}\n` : `error: ${(err as Error)?.stack ?? String(err)}\n`,
    );
    process.exit(1);
  },
);
