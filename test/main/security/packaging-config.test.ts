// The packaging configuration: valid for the installed electron-builder (its own JSON schema), the
// Electron fuses set as the hardening requires, the installers for the three platforms, and a
// node_modules in the asar that holds what the main process loads and nothing the renderer bundles.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, matchesGlob, resolve } from 'node:path';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8')) as Record<
  string,
  unknown
> & {
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[]; entitlements: string; extendInfo: Record<string, string> };
};

describe('the electron-builder configuration', () => {
  it("passes electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const { $schema: _ignored, ...rest } = config;
    expect(validate(rest), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    // The renderer is served from app://, so file:// needs none of its old extra privileges.
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets the %s fuse to %s', (fuse, value) => {
    expect(config.electronFuses[fuse]).toBe(value);
  });

  it('packs the app into an asar archive, which the asar fuses check', () => {
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows and dmg for macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('asks macOS for the camera the webcam scanner needs', () => {
    expect(config.mac.extendInfo.NSCameraUsageDescription).toContain('camera');
    const entitlements = readFileSync(join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.device.camera</key>');
  });
});

/**
 * The packages a module and everything it imports relatively load at run time (type-only imports
 * erased), and of those the ones only ever loaded by a dynamic import() (on demand).
 */
function runtimePackages(entry: string): { all: Set<string>; onDemand: Set<string> } {
  const packages = new Set<string>();
  const statically = new Set<string>();
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers: { name: string; dynamic: boolean }[] = [];
    const visit = (node: ts.Node) => {
      if (
        ts.isImportDeclaration(node) &&
        !node.importClause?.isTypeOnly &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        specifiers.push({ name: node.moduleSpecifier.text, dynamic: false });
      } else if (
        ts.isExportDeclaration(node) &&
        !node.isTypeOnly &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        specifiers.push({ name: node.moduleSpecifier.text, dynamic: false });
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        specifiers.push({ name: node.arguments[0].text, dynamic: true });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const { name: specifier, dynamic } of specifiers) {
      if (specifier.startsWith('.')) {
        const base = resolve(dirname(file), specifier);
        const found = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate));
        if (found) pending.push(found);
        continue;
      }
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
      packages.add(name);
      if (!dynamic) statically.add(name);
    }
  }
  return { all: packages, onDemand: new Set([...packages].filter((name) => !statically.has(name))) };
}

/** The packages `names` load, and theirs, as installed in node_modules (optional ones that are there too). */
function installedClosure(names: Iterable<string>): Set<string> {
  const found = new Set<string>();
  const pending = [...names];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (found.has(name)) continue;
    const manifestFile = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifestFile)) continue;
    found.add(name);
    const own = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    pending.push(...Object.keys({ ...own.dependencies, ...own.optionalDependencies }));
  }
  return found;
}

describe('what the packaged app carries in node_modules', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  /**
   * What a program loads at run time. Electron is the app's runtime, not a package in it; a
   * development dependency loaded only on demand (the back office built with Vite from a checkout)
   * is a development feature, not part of what ships.
   */
  const shipped = (entry: string) => {
    const { all, onDemand } = runtimePackages(join(root, entry));
    all.delete('electron');
    for (const name of onDemand) if (Object.hasOwn(manifest.devDependencies, name)) all.delete(name);
    return all;
  };
  const app = shipped('main/index.ts');
  const cli = shipped('main/cli.ts');
  const files = (config.files as string[]).filter((pattern) => pattern.startsWith('!'));
  const excluded = (name: string) =>
    files.some((pattern) => matchesGlob(`node_modules/${name}/package.json`, pattern.slice(1)));

  it('is what the app and the kasir command load at run time, and nothing else', () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...new Set([...app, ...cli])].sort());
  });

  it.each(['react', 'react-dom', 'barcode-detector', 'zxing-wasm'])(
    'leaves out %s, which the renderer bundle already contains',
    (name) => {
      expect(manifest.dependencies).not.toHaveProperty(name);
    },
  );

  it('keeps what only the kasir command needs (the merchant server’s databases) out of the app', () => {
    const needed = installedClosure(app);
    const cliOnly = [...installedClosure(cli)].filter((name) => !needed.has(name));
    expect(cliOnly).toContain('@electric-sql/pglite');
    expect(cliOnly.filter((name) => !excluded(name))).toEqual([]);
    expect([...needed].filter(excluded)).toEqual([]);
  });
});
