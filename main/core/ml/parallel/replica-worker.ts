// Entry of a training worker thread (built as out/main/train-replica.js): one replica of the model on
// its own tfjs backend. It loads the shared parameters, then runs one shard per step message until it
// is terminated; any error is reported and releases the other threads from their barrier.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../tf/backend';
import { adamKernel } from './adam-kernel';
import { Barrier } from './barrier';
import { CONTROL_INTS } from './layout';
import { Rank } from './rank';
import type { FromReplica, ReplicaInit } from './replica-protocol';
import type { StepPlan } from './shard-task';
import { buildReplica } from './tasks';

async function main(port: NonNullable<typeof parentPort>, init: ReplicaInit): Promise<void> {
  const send = (m: FromReplica) => port.postMessage(m);
  const barrier = new Barrier(new Int32Array(init.memory.buffer, 0, CONTROL_INTS), init.layout.shards);
  try {
    await initBackend(init.backend);
    const replica = buildReplica(init.spec);
    const { kernel } = adamKernel(init.memory, init.module ?? undefined);
    const rank = new Rank(init.rank, init.layout, init.memory.buffer, replica, init.data, kernel);
    rank.loadParams();
    port.on('message', (plan: StepPlan) => {
      try {
        rank.runBlocking(plan, barrier);
      } catch (err) {
        barrier.abort();
        send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
      }
    });
    send({ type: 'ready' });
  } catch (err) {
    barrier.abort();
    send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  }
}

if (parentPort) void main(parentPort, workerData as ReplicaInit);
