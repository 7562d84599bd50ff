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
  it('takes --workers N for the data-parallel kinds and rejects it elsewhere or out of range', () => {
    expect(trainRequestFromOptions({ kind: 'generator', workers: '2' }).workers).toBe(2);
    expect(trainRequestFromOptions({ kind: 'classifier', workers: '1' }).workers).toBe(1);
    expect(trainRequestFromOptions({ kind: 'mdn', workers: '2' }).workers).toBe(2);
    expect(() => trainRequestFromOptions({ kind: 'crbm', workers: '2' })).toThrow(/not to crbm/);
    expect(() => trainRequestFromOptions({ kind: 'regressor', workers: '0' })).toThrow(
      /--workers must be an integer in 1\.\.64/,
    );
  });
});
