import { execFile, spawnSync } from 'node:child_process';

/** Thrown when the machine cannot run DynamoDB Local; the message says what to install. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

const INSTALL_HINT =
  'DynamoDB Local needs Java 17 or newer. Install it, e.g. `sudo apt-get install openjdk-17-jre-headless` ' +
  '(Debian/Ubuntu), `brew install openjdk@17` (macOS) or Temurin 17 from adoptium.net (Windows), ' +
  'then make sure `java -version` works in this shell.';

/** Parses the major version out of `java -version` output (`"17.0.15"`, `"1.8.0_392"`). */
export const parseJavaMajorVersion = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
};

const majorOf = (javaCommand: string, error: unknown, output: string): number => {
  if (error) throw new JavaMissingError(`\`${javaCommand}\` was not found. ${INSTALL_HINT}`);
  const major = parseJavaMajorVersion(output);
  if (major === undefined) throw new JavaMissingError(`Could not read the Java version. ${INSTALL_HINT}`);
  if (major < 17) throw new JavaMissingError(`Java ${major} is too old. ${INSTALL_HINT}`);
  return major;
};

/** Fails fast, before anything else starts, when Java is missing or too old. */
export const assertJavaAvailable = (javaCommand = 'java'): number => {
  const result = spawnSync(javaCommand, ['-version'], { encoding: 'utf8' });
  return majorOf(javaCommand, result.error, `${result.stderr}${result.stdout}`);
};

/**
 * The same check without blocking: `java -version` starts a JVM of its own, so DynamoDB Local's start runs
 * beside it instead of after it; a missing or old Java still ends start-up with this message.
 */
export const checkJavaAvailable = (javaCommand = 'java'): Promise<number> =>
  new Promise((resolve, reject) => {
    execFile(javaCommand, ['-version'], { encoding: 'utf8' }, (error, stdout, stderr) => {
      try {
        // A non-zero exit still prints the version; only a command that did not run at all is missing.
        resolve(majorOf(javaCommand, error && !(stdout || stderr) ? error : undefined, `${stderr}${stdout}`));
      } catch (err: unknown) {
        reject(err);
      }
    });
  });
