// What the coordinating thread hands a worker thread, and what a worker thread says back.
import type { Layout } from './layout';
import type { ShardData } from './shard-task';
import type { TaskSpec } from './tasks';

export interface ReplicaInit {
  rank: number;
  spec: TaskSpec;
  layout: Layout;
  memory: WebAssembly.Memory;
  /** The compiled Adam kernel (null: use the JS loop). */
  module: WebAssembly.Module | null;
  data: ShardData;
  backend: string;
}

export type FromReplica = { type: 'ready' } | { type: 'failed'; error: string };
