/** The lint rule that keeps workflow code deterministic is part of the design: prove it fires. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const eslintBin = path.join(root, 'node_modules', '.bin', 'eslint');

/**
 * Lints `code` as if it were the content of a workflow file, with the project's real configuration and CLI. The
 * name is of a real file: type-aware rules need one that its tsconfig holds (the file itself is not touched).
 */
function lint(code: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      eslintBin,
      ['--format', 'json', '--stdin', '--stdin-filename', 'workflows/photo-case.ts'],
      { cwd: root },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('close', () => {
      try {
        const [result] = JSON.parse(stdout) as { messages: { ruleId: string }[] }[];
        resolve(result!.messages.map((m) => m.ruleId));
      } catch (err) {
        reject(err);
      }
    });
    child.stdin.end(code);
  });
}

const refused: [string, string][] = [
  ["import fs from 'node:fs';\nexport const x = fs;", 'no-restricted-imports'],
  ["import { inspectUpload } from '../imaging';\nexport const x = inspectUpload;", 'no-restricted-imports'],
  [
    "import { createActivities } from '../activities';\nexport const x = createActivities;",
    'no-restricted-imports',
  ],
  ['export const x = Math.random();', 'no-restricted-syntax'],
  ['export const x = Date.now();', 'no-restricted-syntax'],
  ['export const x = new Date();', 'no-restricted-syntax'],
  ['export const x = process.env.HOME;', 'no-restricted-globals'],
  ['setTimeout(() => undefined, 10);', 'no-restricted-globals'],
  // An activity call nobody awaits: the workflow goes on as if it had run.
  [
    'declare function step(): Promise<void>;\nexport function run() {\n  step();\n}',
    '@typescript-eslint/no-floating-promises',
  ],
];
const allowed =
  "import type { createActivities } from '../activities';\nexport type A = typeof createActivities;";

describe('workflow lint rules', () => {
  let results: string[][];
  beforeAll(async () => {
    results = await Promise.all([...refused.map(([code]) => lint(code)), lint(allowed)]);
  }, 120_000);

  test.each(refused.map(([code, rule], i) => [code, rule, i] as const))(
    'refuses %p (%s)',
    (_code, rule, i) => {
      expect(results[i]).toContain(rule);
    },
  );

  test('allows type-only imports of activities', () => {
    expect(results[refused.length]).toEqual([]);
  });
});
