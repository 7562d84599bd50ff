import { describe, expect, it } from 'vitest';
import type { ModelKind } from '../../shared/contract';
import { evalModelKinds } from './eval-models';

const having =
  (...kinds: ModelKind[]) =>
  (k: ModelKind) =>
    kinds.includes(k);
const noProblem = () => undefined;

describe('evalModelKinds', () => {
  it('sends each chosen method’s model once, plus the classifier when one is loaded', () => {
    expect(
      evalModelKinds(['pca', 'pca-masked', 'regressor'], having('pca', 'regressor', 'classifier'), noProblem),
    ).toEqual(['pca', 'regressor', 'classifier']);
    expect(evalModelKinds(['pca'], having('pca'), noProblem)).toEqual(['pca']);
  });

  it('adds the generator and the CRBM the MDN consults, when they are loaded', () => {
    expect(evalModelKinds(['mdn'], having('mdn', 'classifier', 'crbm'), noProblem)).toEqual([
      'mdn',
      'classifier',
      'crbm',
    ]);
  });

  it('refuses a method without its model, saying which and why', () => {
    expect(() =>
      evalModelKinds(['pca', 'generator'], having('pca'), (k) => `no ${k} model yet: train one in the Training panel`),
    ).toThrow('Energy-based generator cannot be evaluated: no generator model yet: train one in the Training panel');
  });
});
