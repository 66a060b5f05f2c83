/** Running the build tools the stack needs, with a clear message when one is missing. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';

export class MissingPrerequisiteError extends Error {
  override name = 'MissingPrerequisiteError';
}

/** Throws a MissingPrerequisiteError with `howToInstall` unless `command args` runs successfully. */
export async function requireCommand(command: string, args: string[], howToInstall: string): Promise<void> {
  try {
    await run(command, args, { sink: () => undefined });
  } catch {
    throw new MissingPrerequisiteError(`\`${command}\` is not available. ${howToInstall}`);
  }
}

/** Runs a command to completion, streaming its output lines to `sink`; rejects on a non-zero exit. */
export function run(
  command: string,
  args: string[],
  {
    env,
    cwd,
    uid,
    gid,
    sink,
  }: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; sink: (line: string) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, uid, gid, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr])
      readline.createInterface({ input: stream }).on('line', sink);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * Builds the Go command `module@version` into `binDir` with `go install` unless its binary is there; answers the
 * binary's path. `name` labels the progress lines; `howToAvoid` says what to configure instead when Go is missing.
 */
export async function ensureGoBinary({
  module,
  version,
  binDir,
  name,
  howToAvoid,
  sink,
}: {
  module: string;
  version: string;
  binDir: string;
  name: string;
  howToAvoid: string;
  sink: (name: string, line: string, stream: 'stdout' | 'stderr') => void;
}): Promise<string> {
  const binary = path.join(binDir, path.basename(module));
  if (existsSync(binary)) return binary;

  await requireCommand(
    'go',
    ['version'],
    `Go >= 1.25 is needed to build ${module}: install it from https://go.dev/dl or \`apt-get install golang\`, or ${howToAvoid}.`,
  );
  sink(name, `building ${module}@${version} into ${binDir} (first run only, a few minutes)...`, 'stdout');
  await fs.mkdir(binDir, { recursive: true });
  // go install writes the binary only when the build succeeded, so a partial build is never mistaken for a finished one.
  let compiled = 0;
  await run('go', ['install', '-v', `${module}@${version}`], {
    env: { ...process.env, CGO_ENABLED: '0', GOBIN: binDir, GOFLAGS: '-mod=mod' },
    sink: (line) => {
      // -v names each package as it is compiled: report progress now and then, keep every line in the log.
      if (++compiled % 100 === 0) sink(name, `building: ${compiled} packages compiled so far`, 'stdout');
      else sink(name, line, 'stdout');
    },
  });
  sink(name, `built ${binary} (${compiled} packages)`, 'stdout');
  return binary;
}
