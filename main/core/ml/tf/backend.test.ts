import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { currentBackend, initBackend } from './backend';

describe('backend chain', () => {
  it('rejects an unknown forced backend with the valid names', async () => {
    await expect(initBackend('gpu')).rejects.toThrow(/unknown backend "gpu": use tensorflow \(or node\), wasm or cpu/);
  });

  it('picks the best backend there is, says why a better one is not used, and later calls agree', async () => {
    const spec = '@tensorflow/tfjs-node';
    const hasNode = await import(/* @vite-ignore */ spec).then(
      () => true,
      () => false,
    );
    const info = await initBackend('');
    expect(info.name).toBe(hasNode ? 'tensorflow' : 'wasm');
    expect(tf.getBackend()).toBe(info.name);
    if (!hasNode) expect(info.reason).toMatch(/^tfjs-node is not installed: npm skips this optional native package/);
    expect(info.reason).not.toMatch(/imported from|\.js\b/); // no internal paths in what the user reads
    expect(currentBackend()).toEqual(info);
    expect(await initBackend('cpu')).toEqual(info); // idempotent: the first choice stays
  });
});
