/**
 * tongpai-photo: the photo pipeline from the command line (the interface outside checks use).
 *
 *   tongpai-photo process <image> --out <dir> [--profiles id_card,exit_entry,...] [--models <dir>] [--profiles-dir <dir>]
 *   tongpai-photo sheet <photo.jpg> --size 6inch|5inch|a4 --out <file.jpg|file.pdf> [--count N] [--gap mm] [--cut-lines]
 *   tongpai-photo profiles [--profiles-dir <dir>]
 *
 * Exit 0 when it produced its output; otherwise 1 with one line on stderr (2 for a usage error).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { ImagingError } from '../errors';
import { createPhotoPipeline } from '../pipeline';
import { loadProfiles } from '../profiles/load';
import { makeSheet } from '../render/sheet';

const usage = `usage:
  tongpai-photo process <image> --out <dir> [--profiles id_card,exit_entry,...] [--models <dir>] [--profiles-dir <dir>]
  tongpai-photo sheet <photo.jpg> --size 6inch|5inch|a4 --out <file.jpg|file.pdf> [--count N] [--gap mm] [--cut-lines]
  tongpai-photo profiles [--profiles-dir <dir>]`;

class UsageError extends Error {}

function oneLine(err: unknown): string {
  if (err instanceof ImagingError)
    return `tongpai-photo: ${err.code}: ${err.messages.en} (${err.messages.zh})`;
  if (err instanceof Error) return `tongpai-photo: ${err.message.split('\n')[0]}`;
  return `tongpai-photo: ${String(err)}`;
}

async function processCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      profiles: { type: 'string' },
      models: { type: 'string' },
      'profiles-dir': { type: 'string' },
    },
  });
  const [image] = positionals;
  if (!image || positionals.length !== 1 || !values.out)
    throw new UsageError('process needs <image> and --out <dir>');
  const config = loadConfig();
  const master = await readFile(image).catch((cause: unknown) => {
    throw new Error(`cannot read ${image}: ${(cause as Error).message}`);
  });
  const pipeline = await createPhotoPipeline({
    modelsDir: values.models ?? config.TONGPAI_MODELS_DIR,
    profilesDir: profilesDir(values['profiles-dir']),
    limits: { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS },
  });
  try {
    const profiles = values.profiles
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const result = await pipeline.process(master, profiles ? { profiles } : {});
    const rendered = Object.keys(result.renders);
    await mkdir(values.out, { recursive: true });
    for (const id of rendered) await writeFile(path.join(values.out, `${id}.jpg`), result.renders[id]!);
    await writeFile(path.join(values.out, 'report.json'), `${JSON.stringify(result.report, null, 2)}\n`);
    await writeFile(path.join(values.out, 'preview.png'), result.preview);
    const { report } = result;
    console.log(
      `verdict: ${report.verdict}${report.renderedDespiteRetake ? ' (photos rendered but marked unusable)' : ''}`,
    );
    for (const [id, p] of Object.entries(report.profiles)) {
      console.log(
        p.status === 'rendered'
          ? `  ${id}: ${p.verdict}, ${p.width}x${p.height}, ${p.kb} KB, quality ${p.jpegQuality} -> ${path.join(values.out, p.file)}`
          : `  ${id}: not rendered: ${p.reason.en}`,
      );
    }
    const reasons = new Map<string, string>();
    for (const f of report.failing) reasons.set(f.id, `${f.severity}: ${f.message.en}`);
    for (const [id, line] of reasons) console.log(`  ! ${id} (${line})`);
    if (rendered.length === 0) throw new Error('no profile could be rendered (see report.json)');
  } finally {
    await pipeline.close();
  }
}

async function sheetCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      size: { type: 'string', default: '6inch' },
      out: { type: 'string' },
      count: { type: 'string' },
      gap: { type: 'string' },
      'cut-lines': { type: 'boolean', default: false },
      'profiles-dir': { type: 'string' },
    },
  });
  const [photoPath] = positionals;
  if (!photoPath || positionals.length !== 1 || !values.out)
    throw new UsageError('sheet needs <photo.jpg> and --out <file>');
  const layout = loadProfiles(profilesDir(values['profiles-dir'])).sheet(values.size);
  const photo = await readFile(photoPath);
  const count = values.count !== undefined ? Number(values.count) : undefined;
  const gapMm = values.gap !== undefined ? Number(values.gap) : undefined;
  if (count !== undefined && !(Number.isInteger(count) && count > 0))
    throw new UsageError('--count must be a positive integer');
  const sheet = await makeSheet(photo, layout, {
    ...(count !== undefined ? { count } : {}),
    ...(gapMm !== undefined ? { gapMm } : {}),
    cutLines: values['cut-lines'],
  });
  const base = values.out.replace(/\.(jpe?g|pdf)$/i, '');
  await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
  await writeFile(`${base}.jpg`, sheet.jpeg);
  await writeFile(`${base}.pdf`, sheet.pdf);
  console.log(
    `${layout.id}: ${sheet.copies} copies (${sheet.columns} x ${sheet.rows} grid), ${sheet.widthPx}x${sheet.heightPx} px at ${layout.dpi} dpi -> ${base}.jpg, ${base}.pdf`,
  );
}

/** `--profiles-dir` wins over TONGPAI_PROFILES_DIR; neither means the shipped profiles only. */
function profilesDir(flag: string | undefined): string {
  return flag || loadConfig().TONGPAI_PROFILES_DIR;
}

function profilesCommand(args: string[]): void {
  const { values } = parseArgs({ args, options: { 'profiles-dir': { type: 'string' } } });
  const set = loadProfiles(profilesDir(values['profiles-dir']));
  for (const id of set.selectableIds()) {
    const p = set.get(id);
    console.log(
      `${id.padEnd(28)} ${p.output.width}x${p.output.height} ${p.output.dpi} dpi  ${p.name.zh} / ${p.name.en}`,
    );
  }
  for (const s of set.sheets)
    console.log(`sheet ${s.id.padEnd(22)} ${s.widthMm} x ${s.heightMm} mm  ${s.name.en}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'process') await processCommand(rest);
    else if (command === 'sheet') await sheetCommand(rest);
    else if (command === 'profiles') profilesCommand(rest);
    else throw new UsageError(command ? `unknown command ${command}` : 'no command');
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`tongpai-photo: ${(err as Error).message}\n${usage}`);
      return 2;
    }
    console.error(oneLine(err));
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
