/** Finding a JDK that Keycloak (and Temporal's Java test server) supports. */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { MissingPrerequisiteError } from '../../tools';

/** Java feature releases Keycloak 26.6+ supports, newest first (the newest found is used). */
const supportedJava = [25, 21, 17];
/** The error message's advice: who needs Java (and what they could use instead), then how to install it. */
export const javaInstallHint = (neededBy: string) =>
  `${neededBy} needs Java 17, 21 or 25: install one (Debian/Ubuntu: \`sudo apt-get install openjdk-17-jre-headless\`; ` +
  'macOS: `brew install openjdk@21`; or a Temurin build from https://adoptium.net) and, if it is not found under ' +
  '/usr/lib/jvm or on PATH, set JAVA_HOME to it.';
const keycloakNeedsJava = javaInstallHint('Keycloak') + ' Or set KEYCLOAK_URL to an existing Keycloak.';

/**
 * The JDK/JRE to run Keycloak with: `configured` (JAVA_HOME) if given, else the newest supported one among the
 * installed JVMs and `java` on PATH. Throws a MissingPrerequisiteError naming how to install one (`hint`).
 */
export async function findJavaHome(configured?: string, hint = keycloakNeedsJava): Promise<string> {
  if (configured) {
    const home = existsSync(path.join(configured, 'bin', 'java')) ? resolveJavaHome(configured) : undefined;
    if (!home) throw new MissingPrerequisiteError(`JAVA_HOME=${configured} has no bin/java. ${hint}`);
    const major = javaMajorVersion(home);
    if (!major || !supportedJava.includes(major))
      throw new MissingPrerequisiteError(
        `JAVA_HOME=${configured} is Java ${major ?? '(unknown version)'}. ${hint}`,
      );
    return home;
  }
  const found = javaCandidates().flatMap((home) => {
    const major = javaMajorVersion(home);
    return major === undefined ? [] : [{ home, major }];
  });
  const best = supportedJava.flatMap((major) => found.filter((f) => f.major === major))[0];
  if (best) return best.home;
  const seen = found.map((f) => `${f.home} (Java ${f.major})`).join(', ');
  throw new MissingPrerequisiteError(`No supported Java found${seen ? ` (found ${seen})` : ''}. ${hint}`);
}

/** The real home of the JVM whose launcher is `<home>/bin/java` (/usr/bin/java is a chain of links into it). */
function resolveJavaHome(home: string): string {
  return path.dirname(path.dirname(realpathSync(path.join(home, 'bin', 'java'))));
}

function javaCandidates(): string[] {
  const roots = ['/usr/lib/jvm', '/usr/java', '/Library/Java/JavaVirtualMachines'];
  const installed = roots.flatMap((root) => {
    if (!existsSync(root)) return [];
    return readdirSync(root).flatMap((entry) => [
      path.join(root, entry),
      path.join(root, entry, 'Contents', 'Home'),
    ]);
  });
  const onPath = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.dirname(dir));
  const homes = [...installed, ...onPath].filter((home) => existsSync(path.join(home, 'bin', 'java')));
  return [...new Set(homes.map(resolveJavaHome))];
}

/** The feature release of the JVM at `home`, from its `release` file (present in every modern JDK and JRE). */
export function javaMajorVersion(home: string): number | undefined {
  try {
    const release = readFileSync(path.join(home, 'release'), 'utf8');
    const version = /^JAVA_VERSION="(?:1\.)?(\d+)/m.exec(release)?.[1];
    return version ? Number(version) : undefined;
  } catch {
    return undefined;
  }
}
