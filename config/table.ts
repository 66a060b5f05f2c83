/** Prints the configuration table of the README from the settings themselves. */
import os from 'node:os';
import path from 'node:path';
import { defaultOf, repoRoot, settings } from '.';

const shown = (value: string) =>
  value.replace(repoRoot, '<repo>').replace(path.dirname(repoRoot), '<repo>/..').replace(os.homedir(), '~') ||
  '(empty)';

/** The README's configuration table (a unit test keeps the README equal to it). */
export function configurationTable(): string {
  const rows = (Object.keys(settings) as (keyof typeof settings)[]).map((name) => {
    const { documentedDefault, description } = settings[name];
    return `| \`${name}\` | \`${documentedDefault ?? shown(defaultOf(name))}\` | ${description} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(configurationTable());
