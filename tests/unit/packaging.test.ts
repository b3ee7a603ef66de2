// What goes into the installed app: only production dependencies reachable from Electron's
// main process, no server-only packages, fuses on, Thai installer, signing stated.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signingNotice } from '../../scripts/releaseNotice.js';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');

/** Bare package names imported statically (not `import type`, not `import()`) from a file and the files it imports. */
function staticPackages(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      const spec = (m[2] ?? m[3]) as string;
      if (spec.startsWith('.')) {
        const ts = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        const cts = resolve(dirname(file), spec.replace(/\.cjs$/, '.cts'));
        queue.push(existsSync(ts) ? ts : cts);
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        packages.set(name, file);
      }
    }
  }
  return packages;
}

describe('the installed app', () => {
  it("imports only 'electron' and production dependencies from its main process, and nothing of the server", () => {
    const used = staticPackages(join(root, 'src-main', 'electron', 'main.ts'));
    expect(used.has('better-sqlite3')).toBe(true);
    for (const [name, file] of used) {
      if (name === 'electron') continue;
      expect(pkg.dependencies[name], `${name} (imported by ${file}) must be a production dependency`).toBeDefined();
      expect(['pg', '@electric-sql/pglite', 'fastify', '@fastify/static', 'tsx'], `${name} (imported by ${file}) is server-only`).not.toContain(name);
    }
  });

  it('leaves server-only packages and the TypeScript runner out of the asar', () => {
    for (const name of ['@electric-sql', 'pg', 'pg-*', 'fastify', '@fastify', 'tsx', 'esbuild']) {
      expect(builder).toContain(`"!node_modules/${name}/**"`);
    }
    expect(pkg.dependencies['@electric-sql/pglite']).toBeDefined();
  });

  it('packs Electrons own better-sqlite3 outside the asar and never rebuilds the Node one', () => {
    expect(builder).toMatch(/^npmRebuild: false$/m);
    expect(builder).toMatch(/from: native\/electron-win32-\$\{arch\}\/better_sqlite3\.node\n\s+to: native\/better_sqlite3\.node/);
  });

  it('turns the fuses off and on as a hardened app needs', () => {
    for (const line of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true']) {
      expect(builder).toMatch(new RegExp(`^\\s+${line}$`, 'm'));
    }
  });

  it('has a Thai and English installer with an icon that exists', () => {
    expect(builder).toContain('installerLanguages: [th_TH, en_US]');
    expect(existsSync(join(root, 'resources', 'build', 'icon.ico'))).toBe(true);
    expect(readFileSync(join(root, 'resources', 'build', 'icon.ico')).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});

describe('code signing', () => {
  it('says when a build is unsigned', () => {
    expect(signingNotice({})).toMatchObject({ signed: false, text: expect.stringContaining('UNSIGNED') });
    expect(signingNotice({ CSC_LINK: 'C:\\certs\\office.pfx' }).signed).toBe(false);
    expect(signingNotice({ CSC_LINK: 'C:\\certs\\office.pfx', CSC_KEY_PASSWORD: 'x' }).signed).toBe(true);
    expect(signingNotice({ WIN_CSC_LINK: 'base64…', WIN_CSC_KEY_PASSWORD: 'x' }).signed).toBe(true);
  });
});
