import pkg from '../package.json' with { type: 'json' };

/** The app's version from package.json, so the CLI, the window and logs never disagree. */
export function appVersion(): string {
  return pkg.version;
}
