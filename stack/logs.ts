/**
 * Where the stack's output goes: every line into `<dir>/<process>.log`; on the console, the apps' lines in full
 * and only the engines' warnings and errors, so the URLs and what matters stay readable.
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
  { quietEngines = true, console: toConsole = true } = {},
): LineSink {
  fs.mkdirSync(dir, { recursive: true });
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
    if (!toConsole) return;
    if (quietEngines && engines.has(name) && !important.test(line) && !progress.test(line)) return;
    prefixedConsole(name, line, stream);
  };
}
