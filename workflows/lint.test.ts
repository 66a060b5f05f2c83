/** The lint rule that keeps workflow code deterministic is part of the design: prove it fires. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/**
 * ESLint's own API in a process of its own (jest cannot load the ES-module configuration), with the project's
 * real configuration: each snippet linted as if it were the content of a workflow file, one after another, so
 * the type information is built once. The name is of a real file: type-aware rules need one that its tsconfig
 * holds (the file itself is not touched).
 */
const lintSnippets = `
  import { ESLint } from 'eslint';
  const snippets = JSON.parse(await new Response(process.stdin).text());
  const eslint = new ESLint();
  const rules = [];
  for (const code of snippets) {
    const [result] = await eslint.lintText(code, { filePath: 'workflows/photo-case.ts' });
    rules.push(result.messages.map((m) => m.ruleId));
  }
  process.stdout.write(JSON.stringify(rules));
`;

function lint(snippets: string[]): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--eval', lintSnippets], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', () => {
      try {
        resolve(JSON.parse(stdout) as string[][]);
      } catch {
        reject(new Error(`linting failed: ${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(snippets));
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
    results = await lint([...refused.map(([code]) => code), allowed]);
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
