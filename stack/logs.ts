/**
 * Where the stack's output goes: every line into `<dir>/<process>.log`; on the console, the apps' lines in full
 * and only the engines' warnings and errors, so the URLs and what matters stay readable. When the console goes
 * away (a closed terminal, `npm start | head` after head has exited: EIO or EPIPE on a write), the lines go on
 * into the files and `onConsoleLost` is told once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { prefixedConsole, type LineSink } from './process';

const engines = new Set(['postgres', 'temporal', 'keycloak']);
const important = /\b(ERROR|FATAL|PANIC|SEVERE|WARN(ING)?|Exception)\b|level=error|"level":"error"/i;
/** First-run work the user is waiting for. */
const progress = /^(building|downloading|extracting|importing|initialising)\b/i;

export function fileAndConsoleSink(
  dir: string,
  {
    quietEngines = true,
    console: toConsole = true,
    onConsoleLost,
  }: { quietEngines?: boolean; console?: boolean; onConsoleLost?: (err: Error) => void } = {},
): LineSink {
  fs.mkdirSync(dir, { recursive: true });
  let consoleOpen = toConsole;
  if (onConsoleLost)
    for (const stream of [process.stdout, process.stderr])
      stream.on('error', (err) => {
        if (!consoleOpen) return;
        consoleOpen = false;
        onConsoleLost(err);
      });
  const files = new Map<string, fs.WriteStream>();
  const fileOf = (name: string) => {
    let file = files.get(name);
    if (!file) {
      file = fs.createWriteStream(path.join(dir, `${name}.log`), { flags: 'a' });
      files.set(name, file);
    }
    return file;
  };
  return (name, line, stream) => {
    fileOf(name).write(`${new Date().toISOString()} ${line}\n`);
    if (!consoleOpen) return;
    if (quietEngines && engines.has(name) && !important.test(line) && !progress.test(line)) return;
    prefixedConsole(name, line, stream);
  };
}
