import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { upstreamTargets } from '../domain/upstream';
import { CaseIdAttribute, CaseStatusAttribute } from '../workflows/search-attributes';
import { emptyActivities } from '../stack/bench/engine-ceiling/activities';
async function main() {
  const address = process.env.EXP_ADDR ?? '127.0.0.1:7433';
  const taskQueue = `exp-${randomUUID()}`;
  const nc = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection: nc, namespace: 'default', taskQueue, workflowsPath: require.resolve('./workflows'), activities: emptyActivities, maxConcurrentActivityTaskExecutions: 4 });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }) });
  const run = async (variant: string, count: number) => {
    const prefix = `exp-${randomUUID()}`;
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    const t0 = performance.now(); const cpu = process.cpuUsage();
    let next = 0;
    const lane = async () => { while (next < count) { const id = ids[next++]!; await client.workflow.start('caseB', { workflowId: id, taskQueue, args: [id, variant === 'local'], typedSearchAttributes: [{ key: CaseIdAttribute, value: id }, { key: CaseStatusAttribute, value: 'received' }] }); } };
    await Promise.all([lane(), lane()]);
    await Promise.all(ids.map(async (id) => { await client.workflow.getHandle(id).result(); await Promise.all(upstreamTargets.map((t) => client.workflow.getHandle(`${id}-${t}`).result())); }));
    const c = process.cpuUsage(cpu);
    console.log(variant.padEnd(10), ((1000 * count) / (performance.now() - t0)).toFixed(2), 'cases/s', ((c.user + c.system) / 1000 / count).toFixed(0), 'ms cpu/case');
  };
  for (let i = 0; i < 2; i++) { await run('scheduled', 100); await run('local', 100); }
  worker.shutdown(); await running; process.exit(0);
}
void main();
