// What goes into the installed app: only production dependencies reachable from Electron's
// main process, no server-only packages, fuses on, Thai installer, signing stated.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signingNotice } from '../../scripts/releaseNotice.js';
import { staticPackages } from '../support/imports.js';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');

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

describe('the central server', () => {
  it('runs with production dependencies only (npm ci --omit=dev && npm run server)', () => {
    const used = staticPackages(join(root, 'src-server', 'cli.ts'));
    expect(used.has('fastify')).toBe(true);
    for (const [name, file] of used) expect(pkg.dependencies[name], `${name} (imported by ${file}) must be a production dependency`).toBeDefined();
    // npm run server starts it with tsx: tsx must install without the dev tools.
    expect(pkg.scripts.server).toMatch(/^tsx /);
    expect(pkg.dependencies.tsx).toBeDefined();
    // And the server never loads the desktop's code.
    for (const file of used.values()) expect(file).not.toContain(`${join(root, 'src-main')}`);
  });
});
