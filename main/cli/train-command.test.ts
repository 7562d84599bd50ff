import { describe, expect, it } from 'vitest';
import { trainRequestFromOptions } from './train-command';

describe('train options', () => {
  it('takes --masks center|free|mix for the generator and the regressor', () => {
    expect(trainRequestFromOptions({ kind: 'generator', masks: 'free' }).masks).toBe('free');
    expect(trainRequestFromOptions({ kind: 'regressor', masks: 'center' }).masks).toBe('center');
    expect(trainRequestFromOptions({ kind: 'regressor' }).masks).toBeUndefined();
  });
  it('rejects an unknown mix, and --masks for kinds that do not train on masks', () => {
    expect(() => trainRequestFromOptions({ kind: 'generator', masks: 'blobs' })).toThrow(
      /unknown --masks "blobs"; known: center, free, mix/,
    );
    expect(() => trainRequestFromOptions({ kind: 'pca', masks: 'mix' })).toThrow(/not to pca/);
  });
});
