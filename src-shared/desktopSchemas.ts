// The desktop app's own settings (ตั้งค่าระบบ › โปรแกรมบนเครื่องนี้): where the register lives,
// updates from the office's server, and the diagnostics export for the administrator.
import { z } from 'zod';

/** A full folder path on Windows (D:\…, \\server\share\…) or elsewhere (/…). */
const ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+|\/)/;

export const moveDataDirInput = z.object({
  to: z
    .string('กรุณาระบุโฟลเดอร์ใหม่')
    .trim()
    .min(1, 'กรุณาระบุโฟลเดอร์ใหม่')
    .max(400, 'ที่อยู่โฟลเดอร์ยาวเกิน 400 ตัวอักษร')
    .refine((s) => ABSOLUTE.test(s), 'ต้องเป็นที่อยู่เต็มของโฟลเดอร์ เช่น D:\\SarabanData')
    .refine((s) => !/[<>"|?*\u0000-\u001f]/.test(s.replace(/^[A-Za-z]:/, '')), 'ชื่อโฟลเดอร์มีอักขระที่ Windows ไม่อนุญาต'),
});

export type DataDirSource = 'argument' | 'environment' | 'chosen' | 'default';

export interface DesktopStatus {
  dataDir: string;
  /** Why this folder: --data-dir, SARABAN_DATA_DIR, the admin's choice or the default. */
  dataDirSource: DataDirSource;
  defaultDataDir: string;
  /** False when --data-dir or SARABAN_DATA_DIR fixes the folder (the pointer would be ignored). */
  canMove: boolean;
  update: { state: string; text: string; canInstall: boolean };
  /** Whether this build runs inside the desktop app (updates exist only there). */
  desktop: boolean;
  /** The register's quick check since this start (it runs in the background after the open). */
  integrity: 'running' | 'ok' | 'damaged' | 'failed';
}

/** The first run's choice of data folder (before the first admin exists; the same move as ตั้งค่าระบบ's). */
export interface FirstRunDataDir {
  dataDir: string;
  defaultDataDir: string;
  /** False when --data-dir or SARABAN_DATA_DIR fixes the folder. */
  canChoose: boolean;
}

export interface DataMoveResult {
  from: string;
  to: string;
  entries: number;
  auditEvents: number;
  attachments: number;
}

export interface DiagnosticsFile {
  fileName: string;
  mimeType: 'application/zip';
  base64: string;
  size: number;
}
