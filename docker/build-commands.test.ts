/**
 * The images' own build commands, run here without Docker: for each Node build stage, the sources it copies go
 * into a temporary folder standing for /app, the repository's installed node_modules stands for `npm ci` (same
 * package-lock.json), and every RUN line that runs the project's tools (`node_modules/.bin/…`) runs as written.
 * What later stages copy out of the stage must then exist: the console's static build, the worker's workflow
 * bundle, which replays every committed workflow history. Package installs and system commands are not run.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { repoRoot } from '../config';
import { historiesDir, historyFromJson } from '../workflows/histories/history-json';
import { copyOf, parseDockerfile } from './dockerfile';

jest.setTimeout(300_000);

Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});

const workdir = '/app';
const temporaryRoots: string[] = [];
afterAll(() => {
  for (const dir of temporaryRoots) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs a Dockerfile's Node build stages as described above; answers where `/app` of each stage is here, and
 * the RUN lines it ran.
 */
function runBuildStages(file: string): { stageRoot: Map<string, string>; ran: string[] } {
  const stages = parseDockerfile(fs.readFileSync(path.join(repoRoot, 'docker', file), 'utf8'));
  const stageRoot = new Map<string, string>();
  const ran: string[] = [];
  for (const stage of stages.slice(0, -1)) {
    const inherited = stageRoot.get(stage.base);
    if (!inherited && !stage.base.startsWith('node:')) continue;
    const root =
      inherited ?? fs.mkdtempSync(path.join(os.tmpdir(), `docker-${path.basename(file, '.Dockerfile')}-`));
    if (!inherited) {
      temporaryRoots.push(root);
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
    }
    if (stage.name) stageRoot.set(stage.name, root);
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'COPY' && !copyOf(instruction).from) {
        const { sources, destination } = copyOf(instruction);
        for (const source of sources) {
          const target = destination.endsWith('/')
            ? path.join(root, destination, path.basename(source))
            : path.join(root, destination === './' ? source : destination);
          fs.cpSync(path.join(repoRoot, source), target, { recursive: true });
        }
      }
      if (instruction.keyword === 'RUN' && instruction.args.startsWith('node_modules/.bin/')) {
        execSync(instruction.args.replaceAll(`${workdir}/`, `${root}/`), { cwd: root, stdio: 'pipe' });
        ran.push(instruction.args);
      }
    }
  }
  return { stageRoot, ran };
}

/** The paths on this machine of what the final stage's `COPY --from=<stage> /app/…` lines take. */
function copiedOut(file: string, stageRoot: Map<string, string>, stage: string): string[] {
  const stages = parseDockerfile(fs.readFileSync(path.join(repoRoot, 'docker', file), 'utf8'));
  return stages
    .at(-1)!
    .instructions.filter((i) => i.keyword === 'COPY')
    .map(copyOf)
    .filter((c) => c.from === stage && c.sources[0]!.startsWith(`${workdir}/`))
    .map((c) => path.join(stageRoot.get(stage)!, c.sources[0]!.slice(workdir.length + 1)));
}

test("the console image's build stage builds the static console that nginx serves", () => {
  const { stageRoot, ran } = runBuildStages('console.Dockerfile');
  expect(ran).toEqual(['node_modules/.bin/vite build --config web/vite.config.ts']);
  const [dist] = copiedOut('console.Dockerfile', stageRoot, 'build');
  const index = fs.readFileSync(path.join(dist!, 'index.html'), 'utf8');
  const scripts = [...index.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(fs.existsSync(path.join(dist!, script))).toBe(true);
});

test("the worker image's workflow bundle replays every committed workflow history", async () => {
  const { stageRoot, ran } = runBuildStages('worker.Dockerfile');
  expect(ran).toEqual(['node_modules/.bin/tsx activities/bundle-workflows.ts /app/dist/workflow-bundle.js']);
  const [bundle] = copiedOut('worker.Dockerfile', stageRoot, 'workflow-bundle');
  const histories = fs
    .readdirSync(historiesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({
      workflowId: path.basename(f, '.json'),
      history: historyFromJson(JSON.parse(fs.readFileSync(path.join(historiesDir, f), 'utf8'))),
    }));
  expect(histories.length).toBeGreaterThan(5);
  const failures: string[] = [];
  for await (const { workflowId, error } of Worker.runReplayHistories(
    { workflowBundle: { codePath: bundle! }, replayName: 'prebuilt-bundle' },
    histories,
  ))
    if (error) failures.push(`${workflowId}: ${error.message}`);
  expect(failures).toEqual([]);
});
