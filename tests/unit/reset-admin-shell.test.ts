// The installed app's reset of a forgotten admin password: which command lines ask for it, what
// its message box says, and that the installer's Start menu item starts exactly that command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegisterOpenError } from '../../src-main/db/openErrors.js';
import { DomainError } from '../../src-main/errors.js';
import { RESET_ADMIN_FLAG, resetAdminDialog, resetAdminRequest } from '../../src-main/shell/resetAdmin.js';

describe('--reset-admin', () => {
  it('is asked for only by its flag, with or without a user, beside --data-dir', () => {
    expect(resetAdminRequest(['Saraban Desk.exe'])).toBeNull();
    expect(resetAdminRequest(['Saraban Desk.exe', '--data-dir', 'D:\\สารบรรณ'])).toBeNull();
    expect(resetAdminRequest(['Saraban Desk.exe', '--reset-admin'])).toEqual({ username: null });
    expect(resetAdminRequest(['Saraban Desk.exe', '--data-dir', 'D:\\x', '--reset-admin', '--user', 'somchai'])).toEqual({ username: 'somchai' });
    expect(resetAdminRequest(['Saraban Desk.exe', '--reset-admin', '--user=somchai'])).toEqual({ username: 'somchai' });
    // A --user without a name resets the first admin rather than failing on an empty name.
    expect(resetAdminRequest(['Saraban Desk.exe', '--reset-admin', '--user'])).toEqual({ username: null });
    // Whatever the command line carries is only a name to look up, whole.
    expect(resetAdminRequest(['x', '--reset-admin', '--user', 'a\u0000b'])).toEqual({ username: 'a\u0000b' });
  });

  it('shows the new password once with a button that copies it', () => {
    const d = resetAdminDialog({ ok: true, username: 'admin', displayName: 'นางสาวสมใจ ใจดี', password: 'abc23456789k' });
    expect(d.type).toBe('info');
    expect(d.message).toContain('นางสาวสมใจ ใจดี');
    expect(d.detail).toContain('ชื่อผู้ใช้: admin');
    expect(d.detail).toContain('รหัสผ่านใหม่: abc23456789k');
    expect(d.copy).toBe('abc23456789k');
    expect(d.buttons[0]).toContain('คัดลอก');
  });

  it('says in Thai why nothing changed: no such admin, a register that will not open, anything else', () => {
    const none = resetAdminDialog({ ok: false, error: new DomainError('not_found', 'ไม่พบผู้ดูแลระบบชื่อผู้ใช้ somchai') });
    expect(none).toMatchObject({ type: 'error', copy: null, detail: 'ไม่พบผู้ดูแลระบบชื่อผู้ใช้ somchai', buttons: ['ปิด'] });
    expect(none.message).toContain('ไม่มีการเปลี่ยนแปลง');
    const locked = new RegisterOpenError('locked', 'C:\\data\\register.sqlite', 'database is locked');
    expect(resetAdminDialog({ ok: false, error: locked }).detail).toBe(locked.thaiMessage);
    const other = resetAdminDialog({ ok: false, error: new Error('EACCES /secret/path') });
    expect(other.detail).not.toContain('EACCES');
    expect(other.detail).toMatch(/[\u0e00-\u0e7f]/);
  });

  it('is what the installer\'s Start menu item starts, and the uninstaller removes that item', () => {
    const nsh = readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'build', 'installer.nsh'), 'utf8');
    const install = /!macro customInstall([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    const uninstall = /!macro customUnInstall([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
    const link = /CreateShortCut "([^"]+\.lnk)" "\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "([^"]*)"/.exec(install);
    expect(link?.[2]).toBe(RESET_ADMIN_FLAG);
    expect(link?.[1]).toContain('ตั้งรหัสผ่านผู้ดูแลระบบใหม่');
    expect(uninstall).toContain(`Delete "${link?.[1]}"`);
  });
});
