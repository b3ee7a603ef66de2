// Why a register could not be opened. Only real damage (SQLite says the file is corrupt or not
// a database, or the quick check fails) may lead to the recovery screen, which sets the file
// aside; a locked file, a folder without rights, a missing or wrong native module or a full disk
// leave the file alone and tell the clerk, in Thai, what to do instead.
import { dirname } from 'node:path';
import { DatabaseTooNewError } from './migrator.js';

export type OpenFailureKind = 'damaged' | 'locked' | 'no-access' | 'native-module' | 'disk-full' | 'too-new' | 'unknown';

const NOT_DAMAGED = 'ข้อมูลทะเบียนไม่ได้เสียหาย';

export function openFailureMessage(kind: OpenFailureKind, file: string, detail: string): string {
  switch (kind) {
    case 'damaged':
      return 'ฐานข้อมูลทะเบียนเสียหาย กรุณากู้คืนจากชุดสำรองข้อมูลก่อนใช้งาน';
    case 'locked':
      return `ไฟล์ทะเบียนถูกโปรแกรมอื่นใช้อยู่ (เช่น Saraban Desk ที่เปิดค้างไว้ หรือโปรแกรมสำรองไฟล์) กรุณาปิดโปรแกรมนั้นแล้วเปิด Saraban Desk ใหม่ ${NOT_DAMAGED}`;
    case 'no-access':
      return `เปิดไฟล์ทะเบียนไม่ได้ เพราะไม่มีสิทธิ์อ่านหรือเขียนโฟลเดอร์ข้อมูล ${dirname(file)} กรุณาให้ผู้ดูแลเครื่องตรวจสิทธิ์ของโฟลเดอร์นี้ ${NOT_DAMAGED}`;
    case 'native-module':
      return `ส่วนประกอบฐานข้อมูลของโปรแกรม (better-sqlite3) หายไปหรือไม่ตรงกับรุ่นของโปรแกรม กรุณาติดตั้ง Saraban Desk ใหม่ ${NOT_DAMAGED}`;
    case 'disk-full':
      return `พื้นที่ดิสก์ของโฟลเดอร์ข้อมูลเต็ม กรุณาลบไฟล์ที่ไม่ใช้แล้วเปิดโปรแกรมใหม่ ${NOT_DAMAGED}`;
    case 'too-new':
      return `ฐานข้อมูลทะเบียนนี้ถูกใช้กับ Saraban Desk รุ่นที่ใหม่กว่า กรุณาอัปเดตโปรแกรมก่อนใช้งาน ${NOT_DAMAGED}`;
    case 'unknown':
      return `เปิดฐานข้อมูลทะเบียนไม่ได้ (${detail}) กรุณาแจ้งผู้ดูแลระบบ`;
  }
}

export class RegisterOpenError extends Error {
  readonly thaiMessage: string;
  constructor(
    readonly kind: OpenFailureKind,
    readonly file: string,
    readonly detail: string,
  ) {
    super(`the register database cannot be opened (${kind}): ${detail}`);
    this.thaiMessage = openFailureMessage(kind, file, detail);
  }
}

/** The only open failure that leads to recovery (restore a backup, set the file aside). */
export class DatabaseDamagedError extends RegisterOpenError {
  constructor(file: string, detail: string) {
    super('damaged', file, detail);
  }
}

const NATIVE_MODULE_SIGNS = [
  /NODE_MODULE_VERSION/,
  /compiled against a different Node\.js version/,
  /Could not locate the bindings file/,
  /did not self-register/,
  /not a valid Win32 application/,
  /invalid ELF header/,
  /wrong ELF class/,
  /better_sqlite3\.node/,
];

export function classifyOpenError(e: unknown, file: string): RegisterOpenError {
  if (e instanceof RegisterOpenError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof DatabaseTooNewError) return new RegisterOpenError('too-new', file, detail);
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new DatabaseDamagedError(file, detail);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new RegisterOpenError('locked', file, detail);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new RegisterOpenError('no-access', file, detail);
  }
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR'].includes(code)) return new RegisterOpenError('no-access', file, detail);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new RegisterOpenError('disk-full', file, detail);
  if (code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND' || NATIVE_MODULE_SIGNS.some((re) => re.test(detail))) {
    return new RegisterOpenError('native-module', file, detail);
  }
  return new RegisterOpenError('unknown', file, detail);
}
