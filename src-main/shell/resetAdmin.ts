// The installed app's way back in when the office's admin forgot the password: the Start menu's
// "ตั้งรหัสผ่านผู้ดูแลระบบใหม่ - Saraban Desk" (resources/build/installer.nsh) starts
// `Saraban Desk.exe --reset-admin`. Like `npm run reset-admin`, it works only on the PC that
// holds the register: whoever can start the program there can already copy the register file.
// The running app does the reset itself when it is open (it holds the register); otherwise the
// new process opens the register, resets, shows the password and quits without a window.
import { RegisterOpenError } from '../db/openErrors.js';
import { DomainError } from '../errors.js';

export const RESET_ADMIN_FLAG = '--reset-admin';

/** The reset the command line asks for (`--user NAME` picks one admin), or null: start the app. */
export function resetAdminRequest(argv: readonly string[]): { username: string | null } | null {
  if (!argv.includes(RESET_ADMIN_FLAG)) return null;
  const at = argv.findIndex((a) => a === '--user' || a.startsWith('--user='));
  if (at < 0) return { username: null };
  const arg = argv[at] as string;
  const name = (arg === '--user' ? argv[at + 1] : arg.slice('--user='.length))?.trim();
  return { username: name ? name : null };
}

export interface ResetAdminDialog {
  type: 'info' | 'error';
  title: string;
  message: string;
  detail: string;
  /** The password to put on the clipboard when the first button is pressed; null: one button. */
  copy: string | null;
  buttons: string[];
}

export type ResetAdminOutcome = { ok: true; username: string; displayName: string; password: string } | { ok: false; error: unknown };

/** What the message box says: the new one-time password, or why nothing was changed. */
export function resetAdminDialog(outcome: ResetAdminOutcome): ResetAdminDialog {
  const title = 'ตั้งรหัสผ่านผู้ดูแลระบบใหม่ - Saraban Desk';
  if (!outcome.ok) {
    const e = outcome.error;
    const reason = e instanceof DomainError ? e.message : e instanceof RegisterOpenError ? e.thaiMessage : 'เกิดข้อผิดพลาดที่ไม่คาดไว้ ลองปิดโปรแกรมทุกหน้าต่างแล้วเรียกคำสั่งนี้อีกครั้ง';
    return { type: 'error', title, message: 'ตั้งรหัสผ่านใหม่ไม่สำเร็จ ไม่มีการเปลี่ยนแปลงใด ๆ', detail: reason, copy: null, buttons: ['ปิด'] };
  }
  return {
    type: 'info',
    title,
    message: `ตั้งรหัสผ่านใหม่ให้ ${outcome.displayName} แล้ว`,
    detail: [
      `ชื่อผู้ใช้: ${outcome.username}`,
      `รหัสผ่านใหม่: ${outcome.password}`,
      '',
      'เข้าสู่ระบบด้วยรหัสนี้ แล้วเปลี่ยนรหัสผ่านทันที บัญชีถูกปลดล็อกแล้ว และการตั้งรหัสใหม่นี้ถูกบันทึกในประวัติการใช้งาน',
    ].join('\n'),
    copy: outcome.password,
    buttons: ['คัดลอกรหัสผ่านแล้วปิด', 'ปิด'],
  };
}
