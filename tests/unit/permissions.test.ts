// Every method of the contract has its access level in its one definition; none is public by
// accident. The table below is generated from the contract and printed for the reviewer.
import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../src-shared/contract.js';
import { accessFor, canCall, PERMISSIONS, roleAllows } from '../../src-shared/permissions.js';

/** The only methods a caller who has not logged in may reach (auth.setupDataDir: only while no user exists). */
const PUBLIC = ['auth.status', 'auth.setupAdmin', 'auth.setupDataDir', 'auth.login', 'auth.logout', 'recovery.status', 'recovery.restore', 'recovery.export'];

describe('permissions', () => {
  it('lists every contract method with its access level, and only the login and recovery ones are public', () => {
    const table = METHOD_NAMES.map((m) => {
      const spec = contract[m];
      const secret = typeof spec.entries === 'function' ? 'refuses secret entries' : spec.entries === null ? 'names no entry' : 'answers redacted';
      return { method: m, access: accessFor(m), audit: spec.audit, secret };
    });
    // Printed so a reviewer sees the whole table in the test log.
    console.log(table.map((r) => `${r.access.padEnd(8)} ${r.method.padEnd(34)} audit:${r.audit.padEnd(8)} ${r.secret}`).join('\n'));
    expect(table.filter((r) => r.access === 'public').map((r) => r.method).sort()).toEqual([...PUBLIC].sort());
    expect(table.length).toBe(Object.keys(contract).length);
  });

  it('takes each level from the method\'s definition in the contract, not from a separate list', () => {
    for (const m of METHOD_NAMES) expect([m, PERMISSIONS[m], accessFor(m)]).toEqual([m, contract[m].access, contract[m].access]);
  });

  it('has every write state its secret rule, and the exports and settings that dispatch records', () => {
    for (const m of METHOD_NAMES) {
      const spec = contract[m];
      const write = spec.access === 'register' || spec.access === 'admin';
      expect([m, write ? spec.entries !== undefined : spec.entries === undefined]).toEqual([m, true]);
    }
    const recordedByDispatch = METHOD_NAMES.filter((m) => contract[m].audit === 'export' || contract[m].audit === 'settings');
    expect(recordedByDispatch.sort()).toEqual(
      [
        'reports.download',
        'attachments.exportCopy',
        'sync.exportRejected',
        'reports.saveSettings',
        'office.saveAttachmentSettings',
        'sync.enrol',
        'sync.handover',
        'sync.revokeDevice',
        'sync.exportOfficeKey',
        'sync.importOfficeKey',
        'attachments.sweep',
        'desktop.installUpdate',
        'diagnostics.export',
        'distribution.overdueExport',
        'distribution.importDirectory',
      ].sort(),
    );
  });

  it('keeps the admin areas for the admin', () => {
    for (const m of METHOD_NAMES.filter((x) => /^(users|audit|backup|security|desktop|diagnostics)\./.test(x))) expect([m, accessFor(m)]).toEqual([m, 'admin']);
    for (const m of ['office.save', 'groups.save', 'people.save', 'books.setNextNumber'] as const) expect(accessFor(m)).toBe('admin');
  });

  it('gives a method added later a safe level by its name, never public', () => {
    expect(accessFor('users.purge')).toBe('admin');
    expect(accessFor('backup.list')).toBe('admin');
    expect(accessFor('reports.print')).toBe('read');
    expect(accessFor('widgets.list')).toBe('read');
    expect(accessFor('widgets.frobnicate')).toBe('register');
    expect(accessFor('auth.somethingNew')).toBe('register');
  });

  it('ranks the roles: viewer reads, clerk registers, admin does all', () => {
    expect([roleAllows('viewer', 'read'), roleAllows('viewer', 'register'), roleAllows('viewer', 'admin')]).toEqual([true, false, false]);
    expect([roleAllows('clerk', 'read'), roleAllows('clerk', 'register'), roleAllows('clerk', 'admin')]).toEqual([true, true, false]);
    expect([roleAllows('admin', 'read'), roleAllows('admin', 'register'), roleAllows('admin', 'admin')]).toEqual([true, true, true]);
    expect(canCall('viewer', 'entries.create')).toBe(false);
    expect(canCall('clerk', 'users.save')).toBe(false);
  });
});
