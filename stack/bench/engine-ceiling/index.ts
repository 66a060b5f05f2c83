/**
 * The Temporal engine's own ceiling on this machine: N empty lifecycles (workflows/… shape, no work inside)
 * run by a worker in this process on a task queue of their own, on the stack's Temporal server. What the
 * real lifecycle costs beyond the photo pipeline is compared with this figure.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { upstreamTargets } from '../../../domain/upstream';
import { CaseIdAttribute, CaseStatusAttribute } from '../../../workflows/search-attributes';
import { emptyActivities } from './activities';

export interface EngineCeiling {
  /** Empty lifecycles per second, from the first start to the last child completed. */
  perSecond: number;
  /** CPU time of this process (the worker) per empty lifecycle. */
  workerCpuMsPerCase: number;
}

export interface EngineCeilingRunner {
  run(count: number): Promise<EngineCeiling>;
  close(): Promise<void>;
}

/** Bundles the empty workflows once (seconds) and starts their worker; `run` may then be called repeatedly. */
export async function startEngineCeiling(
  address: string,
  namespace: string,
  maxConcurrentActivities: number,
): Promise<EngineCeilingRunner> {
  const taskQueue = `bench-empty-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: emptyActivities,
    maxConcurrentActivityTaskExecutions: 2 * maxConcurrentActivities,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });

  const start = (caseId: string) =>
    client.workflow.start('emptyCase', {
      workflowId: caseId,
      taskQueue,
      args: [caseId],
      typedSearchAttributes: [
        { key: CaseIdAttribute, value: caseId },
        { key: CaseStatusAttribute, value: 'received' },
      ],
    });
  const finished = async (caseId: string) => {
    await client.workflow.getHandle(caseId).result();
    await Promise.all(
      upstreamTargets.map((target) => client.workflow.getHandle(`${caseId}-${target}`).result()),
    );
  };

  return {
    async run(count) {
      const prefix = `bench-empty-${randomUUID()}`;
      const caseIds = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      // Started two at a time as fast as Temporal takes them, as the benchmark sends its captures.
      let next = 0;
      const lane = async () => {
        while (next < count) await start(caseIds[next++]!);
      };
      await Promise.all([lane(), lane()]);
      await Promise.all(caseIds.map(finished));
      const { user, system } = process.cpuUsage(cpu);
      return {
        perSecond: (1000 * count) / (performance.now() - started),
        workerCpuMsPerCase: (user + system) / 1000 / count,
      };
    },
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
