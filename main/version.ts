import { readFileSync } from 'node:fs';

/** The app's version, read from package.json so the CLI, the window title and logs never disagree. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
