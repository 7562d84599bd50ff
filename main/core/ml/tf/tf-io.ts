// Save and load tf.LayersModels as the standard tfjs file layout (what tfjs-node's file:// writes):
// `<prefix>.json` (modelTopology + weightsManifest) and `<prefix>.weights.bin`. Without tfjs-node
// there is no file handler, so we go through memory: withSaveHandler to save, fromMemory to load.
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../model-files';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function jsonName(prefix: string): string {
  return `${prefix}.json`;
}
export function weightsName(prefix: string): string {
  return `${prefix}.weights.bin`;
}

/** One ArrayBuffer (or several) → one Uint8Array copy. */
export function weightBytes(data: tf.io.WeightData): Uint8Array {
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** The bytes as an ArrayBuffer of exactly their length (a view may sit inside a larger buffer). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function writeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function readJson<T>(files: ModelFiles, name: string): T {
  const bytes = files[name];
  if (!bytes) throw new Error(`model file ${name} is missing`);
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch (err) {
    throw new Error(`model file ${name} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** Serialise a model into `<prefix>.json` + `<prefix>.weights.bin`. */
export async function layersModelToFiles(model: tf.LayersModel, prefix: string): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const bin = weightsName(prefix);
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [bin], weights: artifacts.weightSpecs ?? [] }],
      };
      files = {
        [jsonName(prefix)]: writeJson(modelJson),
        [bin]: artifacts.weightData ? weightBytes(artifacts.weightData) : new Uint8Array(0),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('tfjs did not hand over the model artifacts');
  return files;
}

/** Load a model saved by layersModelToFiles (or by tfjs-node's file:// with the same names). */
export async function layersModelFromFiles(files: ModelFiles, prefix: string): Promise<tf.LayersModel> {
  const modelJson = readJson<tf.io.ModelJSON>(files, jsonName(prefix));
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`${jsonName(prefix)} lacks modelTopology or weightsManifest`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of manifest) {
      specs.push(...group.weights);
      for (const path of group.paths) {
        const bytes = files[path];
        if (!bytes) throw new Error(`weights file ${path} named in ${jsonName(prefix)} is missing`);
        buffers.push(toArrayBuffer(bytes));
      }
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
