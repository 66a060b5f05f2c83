/** Running the build tools the stack needs, with a clear message when one is missing. */
import { spawn } from 'node:child_process';
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
