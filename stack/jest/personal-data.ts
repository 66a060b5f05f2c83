/**
 * What must never be in a log: the names of the demo realm's people, the names and ID numbers the integration
 * tests and the demo data capture, and photo bytes. Read from their sources (the realm file; test/, every
 * *.it.test.ts, testing/ helpers and db/seed.ts), so a new fixture is watched without being listed here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Watched {
  text: string;
  /** Whose it is, for the report. */
  what: string;
}

export interface Leak {
  file: string;
  line: number;
  what: string;
}

const idNumber = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;
/** `personName: '张伟'`, `personName"]', '陈晓'`, `person_name: '...'`: a fixture's name. */
const personName = /person_?name\W{0,8}?['"`]([^'"`$\n]{2,40})['"`]/gi;
const chineseName = /^[\u4e00-\u9fff]{2,4}$/;
/** Placeholders that read as a name in a fixture but are ordinary words in any log. */
const notNames = new Set(['姓名', '人员', '测试']);

interface RealmUser {
  username: string;
  firstName?: string;
  lastName?: string;
}

function realmNames(realmFile: string): Watched[] {
  const { users = [] } = JSON.parse(readFileSync(realmFile, 'utf8')) as { users?: RealmUser[] };
  return users.flatMap(({ username, firstName, lastName }) =>
    firstName && lastName ? [{ text: `${lastName}${firstName}`, what: `name of demo user ${username}` }] : [],
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', '.data', '.git'].includes(entry.name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function fixtureData(files: string[]): Watched[] {
  return files.flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const where = path.basename(file);
    return [
      ...[...source.matchAll(idNumber)].map((m) => ({
        text: m[0].toUpperCase(),
        what: `ID number from ${where}`,
      })),
      ...[...source.matchAll(personName)]
        .map((m) => m[1]!.trim())
        .filter((name) => (chineseName.test(name) || / /.test(name)) && !notNames.has(name))
        .map((name) => ({ text: name, what: `person name from ${where}` })),
    ];
  });
}

/** Every name and ID number of the demo realm, the demo data and the test fixtures, each once. */
export function demoPersonalData(repoRoot: string): Watched[] {
  const sources = sourceFiles(repoRoot).filter((file) => {
    const relative = path.relative(repoRoot, file);
    return (
      relative.startsWith(`test${path.sep}`) ||
      relative.endsWith('.it.test.ts') ||
      relative.includes(`${path.sep}testing${path.sep}`) ||
      relative === path.join('db', 'seed.ts')
    );
  });
  const all = [
    ...realmNames(path.join(repoRoot, 'docker', 'keycloak', 'tongpai-realm.json')),
    ...fixtureData(sources),
  ];
  return [...new Map(all.map((w) => [w.text, w])).values()];
}

/** A JPEG or PNG in base64 (a data URL, a serialised Buffer), or a JPEG's first bytes as they are. */
const base64Photo = /\/9j\/[A-Za-z0-9+/]{60}|iVBORw0KGgo[A-Za-z0-9+/]{60}/;
const jpegStart = Buffer.from([0xff, 0xd8, 0xff]);

/** Each line of each file that holds watched text or photo bytes; an ID number is matched in either case of X. */
export function scanLogs(files: string[], watched: Watched[]): Leak[] {
  const needles = watched.map((w) => ({ ...w, text: w.text.toUpperCase() }));
  return files.flatMap((file) => {
    const bytes = readFileSync(file);
    const leaks = bytes
      .toString('utf8')
      .split('\n')
      .flatMap((text, index) => {
        const upper = text.toUpperCase();
        const found = needles.filter((w) => upper.includes(w.text)).map((w) => w.what);
        if (base64Photo.test(text)) found.push('photo bytes (base64)');
        return found.map((what) => ({ file, line: index + 1, what }));
      });
    const raw = bytes.indexOf(jpegStart);
    if (raw >= 0) leaks.push({ file, line: lineAt(bytes, raw), what: 'photo bytes (JPEG)' });
    return leaks;
  });
}

const lineAt = (bytes: Buffer, offset: number) =>
  bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;

/** All files under the folders, recursively. */
export function filesUnder(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name)),
  );
}
