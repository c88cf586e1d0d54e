// The packaging configuration: valid for the installed electron-builder (its own JSON schema), the
// Electron fuses set as the hardening requires, the installers for the three platforms, and a
// node_modules in the asar that holds what the main process loads and nothing the renderer bundles.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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

/** The packages a module and everything it imports relatively load at run time (type-only imports erased). */
function runtimePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const visit = (node: ts.Node) => {
      if (
        ts.isImportDeclaration(node) &&
        !node.importClause?.isTypeOnly &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        specifiers.push(node.moduleSpecifier.text);
      } else if (
        ts.isExportDeclaration(node) &&
        !node.isTypeOnly &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        specifiers.push(node.moduleSpecifier.text);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        specifiers.push(node.arguments[0].text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        const base = resolve(dirname(file), specifier);
        const found = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate));
        if (found) pending.push(found);
        continue;
      }
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  return packages;
}

describe('what the packaged app carries in node_modules', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };

  it('is exactly what the main process loads at run time (Electron itself is the runtime)', () => {
    const needed = runtimePackages(join(root, 'main/index.ts'));
    needed.delete('electron');
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...needed].sort());
  });

  it.each(['react', 'react-dom', 'barcode-detector', 'zxing-wasm'])(
    'leaves out %s, which the renderer bundle already contains',
    (name) => {
      expect(manifest.dependencies).not.toHaveProperty(name);
    },
  );
});
