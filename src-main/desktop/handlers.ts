// The desktop part of the API (ตั้งค่าระบบ › โปรแกรมบนเครื่องนี้): the data folder and its move,
// updates from the office's server, and the diagnostics zip for the administrator.
import { readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { exportDiagnostics } from '../diagnostics.js';
import { DomainError } from '../errors.js';
import { updateStatusText } from '../shell/updateFeed.js';
import type { DesktopPort } from './port.js';

function port(core: Core): DesktopPort {
  if (!core.desktop) throw new DomainError('conflict', 'การตั้งค่านี้ใช้ได้ในโปรแกรมที่เปิดตามปกติเท่านั้น');
  return core.desktop;
}

export function desktopHandlers(core: Core) {
  return {
    'desktop.status': () => {
      const p = port(core);
      const update = p.updates?.state() ?? { state: 'no-server' as const };
      return {
        dataDir: p.dataDir(),
        dataDirSource: p.dataDirSource,
        defaultDataDir: p.defaultDataDir,
        canMove: p.dataDirSource === 'default' || p.dataDirSource === 'chosen',
        update: { state: update.state, text: p.updates ? updateStatusText(update) : 'การอัปเดตอัตโนมัติมีในโปรแกรมที่ติดตั้งบน Windows เท่านั้น', canInstall: update.state === 'ready' },
        desktop: p.updates !== null,
        integrity: p.integrity(),
      };
    },
    'desktop.moveDataDir': async (input) => {
      const p = port(core);
      if (p.dataDirSource === 'argument' || p.dataDirSource === 'environment') {
        throw new DomainError('conflict', 'โฟลเดอร์ข้อมูลถูกกำหนดจากคำสั่งเปิดโปรแกรม (--data-dir หรือ SARABAN_DATA_DIR) จึงย้ายจากหน้านี้ไม่ได้');
      }
      return p.relocate(input.to);
    },
    'auth.setupDataDir': async (input) => {
      const p = port(core);
      // Only before the first admin exists; afterwards the admin moves it in ตั้งค่าระบบ.
      if (core.store.raw<{ n: number }>('SELECT count(*) AS n FROM users')[0]?.n) {
        throw new DomainError('forbidden', 'มีผู้ดูแลระบบแล้ว ย้ายโฟลเดอร์ข้อมูลได้ที่ ตั้งค่าระบบ › โปรแกรมบนเครื่องนี้');
      }
      if (p.dataDirSource === 'argument' || p.dataDirSource === 'environment') {
        throw new DomainError('conflict', 'โฟลเดอร์ข้อมูลถูกกำหนดจากคำสั่งเปิดโปรแกรม (--data-dir หรือ SARABAN_DATA_DIR) จึงเลือกจากหน้านี้ไม่ได้');
      }
      const from = p.dataDir();
      // Sent again (the admin's form failed after the move): already there, nothing to do.
      if (resolve(input.to) === resolve(from)) return { from, to: from, entries: 0, auditEvents: 0, attachments: 0 };
      return p.relocate(input.to);
    },
    'desktop.installUpdate': () => {
      const p = port(core);
      if (!p.updates?.installNow()) throw new DomainError('conflict', 'ยังไม่มีการอัปเดตที่ดาวน์โหลดเสร็จ');
      return { installing: true };
    },
    'diagnostics.export': async () => {
      const p = port(core);
      const outDir = join(core.dataDir, 'exports');
      const { file } = await exportDiagnostics({ core, dataDir: core.dataDir, logDir: p.logDir, outDir, mode: p.mode() });
      const bytes = readFileSync(file);
      rmSync(file, { force: true });
      return { fileName: basename(file), mimeType: 'application/zip' as const, base64: bytes.toString('base64'), size: bytes.length };
    },
  } satisfies HandlerPart;
}
