/**
 * Writes the workflow bundles the worker would otherwise build at every start (`npm run build:workflows -- <file>`):
 * <file>, and beside it the one with the tracing interceptors that a worker with tracing on runs
 * (tracedBundlePath). The worker image builds them once; TONGPAI_WORKFLOW_BUNDLE points the worker at <file>.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { tracedBundlePath, workflowCode } from './worker';

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error('usage: tsx activities/bundle-workflows.ts <output file>');
  await fs.mkdir(path.dirname(path.resolve(target)), { recursive: true });
  for (const [file, traced] of [
    [target, false],
    [tracedBundlePath(target), true],
  ] as const) {
    const { code } = await bundleWorkflowCode({ ...workflowCode(traced), logger: new DefaultLogger('WARN') });
    await fs.writeFile(file, code);
    console.log(`workflow bundle written to ${file} (${code.length} bytes)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
