/**
 * The deployment files, checked without a Docker engine (there is none here): the compose file is loaded and
 * validated by compose-go, the library inside `docker compose config` (schema and consistency, with
 * docker/example.env), then held to what a production deployment needs; each Dockerfile is read and checked
 * (non-root user, health check, sources present, every module its entry point imports copied and installed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import YAML from 'yaml';
import { defaultOf, loadConfig, repoRoot, settings } from '../config';
import { searchAttributes } from '../workflows/search-attributes';
import { copyOf, finalUser, parseDockerfile, type Stage } from './dockerfile';

const dockerDir = path.join(repoRoot, 'docker');
const composeFile = path.join(dockerDir, 'compose.yaml');
const exampleEnvFile = path.join(dockerDir, 'example.env');
const composeText = fs.readFileSync(composeFile, 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  deploy?: { replicas?: number };
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[] };
  ports?: { published?: string; host_ip?: string }[];
  volumes?: { type: string; source: string; target: string }[];
  user?: string;
  command?: string[] | null;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}

/**
 * The project as `docker compose config` resolves it, with the simulator's profile so every service is in. Go
 * builds the checker once (a prerequisite already: it builds the Temporal CLI; its modules come from the Go proxy).
 */
function resolvedProject(): { services: Record<string, Service>; volumes: Record<string, unknown> } {
  try {
    return JSON.parse(
      execFileSync('go', ['run', '.', composeFile, exampleEnvFile, 'simulator'], {
        cwd: path.join(dockerDir, 'compose-check'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      }),
    );
  } catch (err) {
    const { code, stderr } = err as { code?: string; stderr?: string };
    throw new Error(
      code === 'ENOENT'
        ? 'go is not on PATH: install Go >= 1.25 (see the README prerequisites) to check the compose file'
        : `the compose file does not validate:\n${stderr ?? String(err)}`,
      { cause: err },
    );
  }
}
const project = resolvedProject();
const services = project.services;
const service = (name: string) => services[name]!;

const exampleEnv = new Map(
  fs
    .readFileSync(exampleEnvFile, 'utf8')
    .split('\n')
    .filter((line) => /^\w+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

const dockerfileOf = (name: string): Stage[] => {
  const build = service(name).build!;
  return parseDockerfile(fs.readFileSync(path.resolve(build.context, build.dockerfile), 'utf8'));
};

/** One-shot jobs: they run to completion before what depends on them starts. */
const jobs = ['migrate', 'temporal-schema', 'temporal-namespace'];
/** The S3 photo store and the photo files' master keys, which a deployment must set. */
const photoStoreSettings = [
  'BLOB_STORE',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'BLOB_MASTER_KEYS',
];
const upstreamSettings = Object.keys(settings).filter((name) =>
  /^UPSTREAM_(?!SIM).*_(URL|TOKEN)$/.test(name),
);

describe('the compose file', () => {
  test('is a valid Compose file with every process of the deployment', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'app-db',
        'temporal-db',
        'keycloak-db',
        's3',
        'temporal-schema',
        'temporal',
        'temporal-namespace',
        'temporal-ui',
        'keycloak',
        'migrate',
        'api',
        'worker',
        'console',
        'upstream-sim',
      ].sort(),
    );
    // The simulator is a stand-in: only with its profile, never in a plain `up`.
    expect(YAML.parse(composeText).services['upstream-sim'].profiles).toEqual(['simulator']);
  });

  test('runs the API twice and the workers as often as WORKER_REPLICAS says (3 unless set)', () => {
    expect(service('api').deploy?.replicas).toBe(2);
    expect(service('worker').deploy?.replicas).toBe(Number(exampleEnv.get('WORKER_REPLICAS')));
    expect(composeText).toContain('replicas: ${WORKER_REPLICAS:-3}');
  });

  test('gives each process every setting a deployment must set, under names the configuration knows', () => {
    // Settings whose empty default starts a local engine, uses the simulator or writes into the development
    // data folder: a deployment must set each (the blob folder gives way to the S3 store).
    const developmentDefaults = Object.entries(settings)
      .filter(([, s]) => /Empty: (start|the upstream simulator|<TONGPAI_DATA_DIR>)/.test(s.description))
      .map(([name]) => name)
      // Not with the S3 store, nor with the master keys given in BLOB_MASTER_KEYS.
      .filter((name) => !['BLOB_DIR', 'BLOB_MASTER_KEYS_FILE', 'UPSTREAM_SIM_DATA_DIR'].includes(name));
    expect(developmentDefaults).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'KEYCLOAK_URL', 'SIGNING_KEYS_DIR']),
    );
    const required: Record<string, string[]> = {
      api: [...developmentDefaults, 'SIGNING_KEY_ID', 'WEB_ORIGIN', ...photoStoreSettings],
      worker: [
        ...developmentDefaults,
        'SIGNING_KEY_ID',
        'TONGPAI_MODELS_DIR',
        'TONGPAI_WORKFLOW_BUNDLE',
        'WORKER_HTTP_HOST',
        'WORKER_HTTP_PORT',
        ...photoStoreSettings,
      ],
      migrate: ['DATABASE_URL'],
      'upstream-sim': ['UPSTREAM_SIM_DATA_DIR', ...upstreamSettings.filter((n) => n.endsWith('_TOKEN'))],
    };
    for (const [name, names] of Object.entries(required)) {
      const environment = service(name).environment ?? {};
      for (const setting of names)
        expect([name, setting, environment[setting] || 'missing']).not.toContain('missing');
      for (const given of Object.keys(environment))
        expect([name, given, given in settings || given === 'NODE_ENV']).toEqual([name, given, true]);
      // The values pass the configuration's own validation, as the process would read them.
      expect(() => loadConfig(environment as NodeJS.ProcessEnv)).not.toThrow();
    }
    expect(service('api').environment?.BLOB_STORE).toBe('s3');
    expect(service('worker').environment?.BLOB_STORE).toBe('s3');
  });

  test("runs as the police network's side when docker/.env says so, its exchange keys beside the signing keys", () => {
    for (const name of ['api', 'worker']) {
      const environment = service(name).environment ?? {};
      expect(environment.TONGPAI_NETWORK).toBe('single');
      for (const dir of [environment.EXCHANGE_KEYS_DIR, environment.EXCHANGE_PEER_KEYS_DIR])
        expect(dir).toMatch(new RegExp(`^${environment.SIGNING_KEYS_DIR}/`));
      const police = {
        ...environment,
        TONGPAI_NETWORK: 'police',
        EXCHANGE_PEER_URL: 'https://exchange.gov.example.gov.cn',
      };
      expect(() => loadConfig(police as NodeJS.ProcessEnv)).not.toThrow();
    }
  });

  test('reads every variable from docker/.env, whose example holds placeholders only', () => {
    const referenced = new Set([...composeText.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!));
    expect([...referenced].filter((name) => !exampleEnv.has(name))).toEqual([]);
    expect([...exampleEnv.keys()].filter((name) => !referenced.has(name))).toEqual([]);
    const secrets = [...exampleEnv.keys()].filter((name) =>
      /PASSWORD|SECRET|TOKEN|ACCESS_KEY|MASTER_KEYS/.test(name),
    );
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const name of secrets)
      expect([name, exampleEnv.get(name)]).toEqual([name, expect.stringMatching(/^change-me/)]);
    // Required ones fail the start when missing, never fall back to a default.
    for (const name of secrets) expect(composeText).not.toMatch(new RegExp(`\\$\\{${name}:-`));
    const gitignore = fs.readFileSync(path.join(repoRoot, '.gitignore'), 'utf8').split('\n');
    expect(gitignore).toEqual(expect.arrayContaining(['docker/.env', 'docker/secrets/']));
  });

  test('builds its own images from Dockerfiles here and pins every other image to a version', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) expect(fs.existsSync(path.resolve(s.build.context, s.build.dockerfile))).toBe(true);
      else expect([name, s.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:\d[\w.-]*$/)]);
    }
  });

  test('has a health check for every long-running service, and waits on health or completion', () => {
    for (const [name, s] of Object.entries(services)) {
      if (jobs.includes(name)) {
        expect([name, s.restart]).toEqual([name, expect.stringMatching(/^on-failure/)]);
        continue;
      }
      const inDockerfile =
        s.build &&
        dockerfileOf(name)
          .at(-1)!
          .instructions.some((i) => i.keyword === 'HEALTHCHECK');
      expect([name, Boolean(s.healthcheck?.test?.length || inDockerfile)]).toEqual([name, true]);
    }
    for (const [name, s] of Object.entries(services))
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {}))
        expect([name, dependency, condition]).toEqual([
          name,
          dependency,
          jobs.includes(dependency) ? 'service_completed_successfully' : 'service_healthy',
        ]);
  });

  test('keeps every store in a named volume', () => {
    const stores = {
      'app-db': 'app-db-data',
      'temporal-db': 'temporal-db-data',
      'keycloak-db': 'keycloak-db-data',
      s3: 's3-data',
      'upstream-sim': 'upstream-sim-data',
    };
    for (const [name, volume] of Object.entries(stores))
      expect(
        service(name)
          .volumes?.filter((v) => v.type === 'volume')
          .map((v) => v.source),
      ).toEqual([volume]);
    const used = Object.values(services).flatMap((s) =>
      (s.volumes ?? []).filter((v) => v.type === 'volume').map((v) => v.source),
    );
    expect(Object.keys(project.volumes).sort()).toEqual([...new Set(used)].sort());
    // Files mounted from the repository exist; keys and models come from the operator's secrets folder.
    for (const s of Object.values(services))
      for (const v of s.volumes ?? [])
        if (v.type === 'bind' && !v.source.includes(`${path.sep}secrets${path.sep}`))
          expect([v.source, fs.existsSync(v.source)]).toEqual([v.source, true]);
  });

  test('publishes only the console, Keycloak and the Temporal UI, each on a chosen host address', () => {
    const published = Object.entries(services).filter(([, s]) => (s.ports ?? []).length > 0);
    expect(published.map(([name]) => name).sort()).toEqual(['console', 'keycloak', 'temporal-ui']);
    for (const [name, s] of published)
      for (const port of s.ports!) expect([name, port.host_ip]).toEqual([name, '127.0.0.1']);
  });

  test('runs no process as root', () => {
    // Images used as they are: PostgreSQL is told its user; Temporal's images run as their own `temporal` user.
    const nonRootImages = /^temporalio\/(server|admin-tools|ui):/;
    for (const [name, s] of Object.entries(services)) {
      const user = s.build ? finalUser(dockerfileOf(name)) : s.user;
      if (!s.build && !s.user) expect([name, s.image]).toEqual([name, expect.stringMatching(nonRootImages)]);
      else expect([name, user]).toEqual([name, expect.not.stringMatching(/^(root|0)(:|$)/)]);
    }
  });

  test('registers in Temporal the search attributes the workflows use', () => {
    const script = fs.readFileSync(path.join(dockerDir, 'temporal', 'setup-namespace.sh'), 'utf8');
    const listed = /for name in ([\w ]+); do/.exec(script)?.[1]?.split(' ');
    expect(listed).toEqual(searchAttributes.map((a) => a.name));
  });

  test('lets nginx proxy /api to the API replicas and admit uploads as large as the API does', () => {
    const nginx = fs.readFileSync(path.join(dockerDir, 'console', 'nginx.conf'), 'utf8');
    expect(nginx).toMatch(/set \$api_upstream http:\/\/api:3000;/);
    expect(nginx).toMatch(/location \/api\/ \{\s+proxy_pass \$api_upstream;/);
    const limitMb = Number(/client_max_body_size (\d+)m;/.exec(nginx)?.[1]);
    expect(limitMb * 1024 * 1024).toBeGreaterThan(Number(defaultOf('MAX_UPLOAD_BYTES')));
  });
});

describe('the Dockerfiles', () => {
  const dockerfiles = fs.readdirSync(dockerDir).filter((f) => f.endsWith('.Dockerfile'));
  const dockerignore = fs
    .readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const ignored = (source: string) =>
    dockerignore.some((pattern) => {
      const plain = pattern.replace(/^\*\*\//, '');
      return source === plain || source.startsWith(`${plain}/`) || source.split('/').includes(plain);
    });

  test('one for each image the compose file builds', () => {
    const built = Object.values(services).flatMap((s) =>
      s.build ? [path.basename(s.build.dockerfile)] : [],
    );
    expect(dockerfiles.sort()).toEqual([...new Set(built)].sort());
  });

  test.each(dockerfiles)('%s: a non-root user, a health check, sources in the repository', (file) => {
    const stages = parseDockerfile(fs.readFileSync(path.join(dockerDir, file), 'utf8'));
    const last = stages.at(-1)!;
    expect(finalUser(stages)).toMatch(/^(?!root$|0$)\w+/);
    expect(last.instructions.filter((i) => i.keyword === 'HEALTHCHECK')).toHaveLength(1);
    const stageNames = stages.flatMap((s) => (s.name ? [s.name] : []));
    for (const stage of stages)
      for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY')) {
        const copy = copyOf(instruction);
        // From an earlier stage, or the model weights' named build context (worker, MODELS=baked).
        if (copy.from) expect([...stageNames, 'model-weights']).toContain(copy.from);
        else
          for (const source of copy.sources) {
            expect([source, fs.existsSync(path.join(repoRoot, source))]).toEqual([source, true]);
            expect([source, ignored(source)]).toEqual([source, false]);
          }
      }
  });

  /** The entry points the images run (CMD, and the compose file's commands), with the image they run in. */
  const entries: [string, string][] = [
    ['api.Dockerfile', 'api/main.ts'],
    ['api.Dockerfile', 'db/migrate-cli.ts'],
    ['worker.Dockerfile', 'activities/main.ts'],
    ['upstream-sim.Dockerfile', 'upstream-sim/main.ts'],
  ];

  test('the entry points are the ones the images and the compose file run', () => {
    for (const file of ['api.Dockerfile', 'worker.Dockerfile', 'upstream-sim.Dockerfile']) {
      const stages = parseDockerfile(fs.readFileSync(path.join(dockerDir, file), 'utf8'));
      const cmd = JSON.parse(stages.at(-1)!.instructions.find((i) => i.keyword === 'CMD')!.args) as string[];
      expect(entries).toContainEqual([file, cmd.at(-1)]);
    }
    expect(service('migrate').command?.at(-1)).toBe('db/migrate-cli.ts');
  });

  test.each(entries)('%s carries every module %s imports, from production dependencies', (file, entry) => {
    const stages = parseDockerfile(fs.readFileSync(path.join(dockerDir, file), 'utf8'));
    const copied = stages
      .at(-1)!
      .instructions.filter((i) => i.keyword === 'COPY' && !copyOf(i).from)
      .flatMap((i) => copyOf(i).sources);
    const { files, packages } = importClosure(path.join(repoRoot, entry));
    const missing = files
      .map((f) => path.relative(repoRoot, f))
      .filter((f) => !copied.some((c) => f === c || f.startsWith(`${c}/`)));
    expect(missing).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // The images install with --omit=dev: a runtime import of a development dependency would fail there.
    expect([...packages].filter((p) => !(p in pkg.dependencies)).sort()).toEqual([]);
  });
});

/** Every repository file `entry` imports at run time (type-only imports left out), and the packages it uses. */
function importClosure(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    if (!file.endsWith('.ts')) return;
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      let specifier: ts.Expression | undefined;
      if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly)
        specifier = statement.moduleSpecifier;
      if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) specifier = statement.moduleSpecifier;
      if (!specifier || !ts.isStringLiteral(specifier)) continue;
      const name = specifier.text;
      if (name.startsWith('.')) visit(resolveModule(path.resolve(path.dirname(file), name)));
      else if (!name.startsWith('node:'))
        packages.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!);
    }
  };
  visit(entry);
  return { files: [...files], packages };
}

function resolveModule(base: string): string {
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) throw new Error(`cannot resolve ${base}`);
  return found;
}
