/**
 * Writes the workflow bundle the worker would otherwise build at every start (`npm run build:workflows -- <file>`).
 * The worker image builds it once; TONGPAI_WORKFLOW_BUNDLE points the worker at it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowCode } from './worker';

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error('usage: tsx activities/bundle-workflows.ts <output file>');
  const { code } = await bundleWorkflowCode({ ...workflowCode, logger: new DefaultLogger('WARN') });
  await fs.mkdir(path.dirname(path.resolve(target)), { recursive: true });
  await fs.writeFile(target, code);
  console.log(`workflow bundle written to ${target} (${code.length} bytes)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
