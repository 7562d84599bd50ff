// Validation failures in words a person reads: "Could not start training: the learning rate must be a
// number." Schema vocabulary (paths, codes, "expected number, received null") never leaves this file.
import type { z } from 'zod';
import type { CallName } from '../../shared/contract';

/** What the call was trying to do, as the start of its error message. */
const ACTION: Record<CallName, string> = {
  appInfo: 'Could not read the app information',
  ping: 'Could not reach the app',
  sample: 'Could not load the digit',
  listMethods: 'Could not list the methods',
  inpaint: 'Could not inpaint',
  startTraining: 'Could not start training',
  cancelTraining: 'Could not cancel training',
  retrySave: 'Could not save the trained model',
  trainingStatus: 'Could not read the training status',
  listModels: 'Could not list the models',
  modelDetails: 'Could not show the model',
  renameModel: 'Could not rename the model',
  deleteModel: 'Could not delete the model',
  setActiveModel: 'Could not make the model active',
  exportModel: 'Could not export the model',
  importModel: 'Could not import the model',
  startEval: 'Could not start the evaluation',
  cancelEval: 'Could not cancel the evaluation',
  evalStatus: 'Could not read the evaluation status',
};

/** Field names as a person says them. */
const FIELD: Record<string, string> = {
  d: 'the PCA dimension d',
  learningRate: 'the learning rate',
  batchSize: 'the batch size',
  epochs: 'the number of epochs',
  subset: 'the training subset size',
  seed: 'the seed',
  anchorWeight: 'the anchor weight',
  index: 'the digit index',
  patchSeed: 'the patch seed',
  split: 'the split',
  kind: 'the model kind',
  name: 'the name',
  id: 'the model id',
  jobId: 'the job id',
  image: 'the image',
  mask: 'the mask',
  original: 'the original image',
  methods: 'the method list',
  bundleBase64: 'the model file',
  n: 'the number of test images',
  dList: 'the list of d values',
  families: 'the mask families',
};

function fieldOf(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const last = names[names.length - 1];
  const at = path.find((p) => typeof p === 'number');
  const base = last === undefined ? 'the request' : (FIELD[last] ?? `the setting "${last}"`);
  if (typeof at === 'number' && (last === 'image' || last === 'mask' || last === 'original'))
    return `${base} (pixel ${at})`;
  if (typeof at === 'number') return `${base} (entry ${at + 1})`;
  return base;
}

function typeWord(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'number') return 'a number';
  if (expected === 'string') return 'text';
  if (expected === 'object') return 'a set of fields';
  if (expected === 'array') return 'a list';
  return `of type ${expected}`;
}

/** One issue in words. Messages the schemas wrote themselves (refinements, formats) are already words. */
export function humanIssue(issue: z.core.$ZodIssue): string {
  const field = fieldOf(issue.path);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int')
        return `${field} must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int')
        return `${field} must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
      return issue.message;
    case 'invalid_type':
      if (!('input' in issue && issue.input !== undefined) && issue.path.length) return `${field} is missing`;
      return `${field} must be ${typeWord(issue.expected)}`;
    case 'unrecognized_keys':
      return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map(String).join(', ')}`.slice(0, 200);
    case 'not_multiple_of':
      return `${field} must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** The one-line error of a call whose payload failed its schema. */
export function humanError(call: CallName, issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  const what = first ? humanIssue(first) : 'the request is not valid';
  return `${ACTION[call]}: ${what}.`.slice(0, 300);
}
