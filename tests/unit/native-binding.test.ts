// Electron's better-sqlite3 is a separate build in a folder of its own; Node's is never replaced.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeBindingPath } from '../../src-main/db/nativeBinding.js';
import { nativeBuildPlan, STAMP_FILE } from '../../scripts/nativeElectronPlan.js';

const root = join('/src', 'saraban');
const base = { electronVersion: '45.5.0', packaged: false, resourcesPath: undefined, appRoot: root, platform: 'win32', arch: 'x64' };

describe('which better-sqlite3 the process loads', () => {
  it('under plain Node: the default build (node_modules)', () => {
    expect(nativeBindingPath({ ...base, electronVersion: undefined })).toBeNull();
  });

  it('under Electron from source: the build in native/electron-<platform>-<arch>/', () => {
    expect(nativeBindingPath(base)).toBe(join(root, 'native', 'electron-win32-x64', 'better_sqlite3.node'));
    expect(nativeBindingPath({ ...base, arch: 'arm64' })).toBe(join(root, 'native', 'electron-win32-arm64', 'better_sqlite3.node'));
  });

  it('in the installed app: resources/native/, outside the asar archive', () => {
    const resources = join('C:', 'Program Files', 'Saraban Desk', 'resources');
    expect(nativeBindingPath({ ...base, packaged: true, resourcesPath: resources })).toBe(join(resources, 'native', 'better_sqlite3.node'));
    expect(() => nativeBindingPath({ ...base, packaged: true, resourcesPath: undefined })).toThrow();
  });
});

describe('building it for Electron', () => {
  const facts = { root, electronVersion: '45.5.0', platform: 'win32', arch: 'x64', stamp: null, built: false };

  it('rebuilds a staging copy and installs only the .node file beside, never in node_modules', () => {
    const plan = nativeBuildPlan(facts);
    if (plan.upToDate) throw new Error('expected a build');
    const nodeBuild = join(root, 'node_modules', 'better-sqlite3', 'build');
    const touched = plan.steps.flatMap((s) => (s.kind === 'reset' ? [s.dir] : s.kind === 'install' ? [s.to] : s.kind === 'copy' ? [s.to] : s.kind === 'write' ? [s.file] : []));
    for (const path of touched) expect(path.startsWith(join(root, 'native'))).toBe(true);
    expect(touched.some((p) => p.startsWith(nodeBuild))).toBe(false);
    const copy = plan.steps.find((s) => s.kind === 'copy');
    expect(copy).toMatchObject({ from: join(root, 'node_modules', 'better-sqlite3'), skip: ['build'] });
    const run = plan.steps.find((s) => s.kind === 'run');
    expect(run?.kind === 'run' && run.args).toEqual(expect.arrayContaining(['--version', '45.5.0', '--arch', 'x64', '--only', 'better-sqlite3']));
    expect(run?.kind === 'run' && run.args[run.args.indexOf('--module-dir') + 1]).toBe(join(root, 'native', '.staging', 'electron-win32-x64'));
    expect(plan.target).toBe(join(root, 'native', 'electron-win32-x64', 'better_sqlite3.node'));
    expect(plan.steps.at(-1)).toEqual({ kind: 'write', file: join(root, 'native', 'electron-win32-x64', STAMP_FILE), content: '45.5.0\n' });
  });

  it('skips a build made for the same Electron, and rebuilds after an Electron upgrade', () => {
    expect(nativeBuildPlan({ ...facts, stamp: '45.5.0\n', built: true }).upToDate).toBe(true);
    expect(nativeBuildPlan({ ...facts, stamp: '44.0.0\n', built: true }).upToDate).toBe(false);
    expect(nativeBuildPlan({ ...facts, stamp: '45.5.0\n', built: false }).upToDate).toBe(false);
    expect(nativeBuildPlan({ ...facts, stamp: '45.5.0\n', built: true, force: true }).upToDate).toBe(false);
  });
});
