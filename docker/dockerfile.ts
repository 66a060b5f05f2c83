/**
 * A small Dockerfile reader for the deployment checks (no Docker engine here): instructions with their line
 * continuations joined, grouped by build stage, with the ARG defaults before the first FROM substituted.
 */
export interface Instruction {
  keyword: string;
  /** The rest of the line: flags (`--from=…`) and arguments. */
  args: string;
  line: number;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) startLine = index + 1;
    if (line.startsWith('#')) return; // a comment inside a continued instruction
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const [keyword = '', ...rest] = pending.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: startLine });
    pending = '';
  });

  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      const base = image.replace(/\$\{(\w+)\}/g, (_, arg: string) => globalArgs.get(arg) ?? `\${${arg}}`);
      stages.push({ base, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name = '', value = ''] = instruction.args.split('=');
        globalArgs.set(name, value);
      }
    } else stages[stages.length - 1]!.instructions.push(instruction);
  }
  return stages;
}

/** `COPY [--from=x] [--chown=…] src… dest`: the sources and destination, and the stage or context copied from. */
export function copyOf(instruction: Instruction): { from?: string; sources: string[]; destination: string } {
  const words = instruction.args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { ...(from ? { from } : {}), sources: paths.slice(0, -1), destination: paths[paths.length - 1]! };
}

/** The final stage's effective user: the last USER instruction (images default to root without one). */
export function finalUser(stages: Stage[]): string | undefined {
  const users = stages[stages.length - 1]!.instructions.filter((i) => i.keyword === 'USER');
  return users[users.length - 1]?.args;
}
