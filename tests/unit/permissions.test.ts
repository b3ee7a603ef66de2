// Every method of the contract resolves to an access level; none is public by accident.
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src-shared/contract.js';
import { accessFor, canCall, PERMISSIONS, roleAllows } from '../../src-shared/permissions.js';

/** The only methods a caller who has not logged in may reach. */
const PUBLIC = ['auth.status', 'auth.setupAdmin', 'auth.login', 'auth.logout', 'recovery.status', 'recovery.restore', 'recovery.export'];

describe('permissions', () => {
  it('resolves every contract method, and only the login and recovery ones are public', () => {
    const table = Object.fromEntries(METHOD_NAMES.map((m) => [m, accessFor(m)]));
    // Printed so a reviewer sees the whole table in the test log.
    console.log(Object.entries(table).map(([m, a]) => `${a.padEnd(8)} ${m}`).join('\n'));
    expect(METHOD_NAMES.filter((m) => table[m] === 'public').sort()).toEqual([...PUBLIC].sort());
  });

  it('lists every contract method explicitly (no method relies on the name rule)', () => {
    const unlisted = METHOD_NAMES.filter((m) => PERMISSIONS[m] === undefined);
    expect(unlisted).toEqual([]);
  });

  it('keeps the admin areas for the admin', () => {
    for (const m of METHOD_NAMES.filter((x) => /^(users|audit|backup|security)\./.test(x))) expect([m, accessFor(m)]).toEqual([m, 'admin']);
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
