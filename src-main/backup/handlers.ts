// The backups' part of the API, and the recovery screen's methods as the open register answers
// them (while the register cannot be opened, src-main/backup/recovery.ts answers instead).
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { backupStatus, configureBackups, previewBackup, restoreBackup, runBackup } from './backups.js';
import { bringBackLoss, listRestoreLosses } from './restoreLosses.js';

export function backupHandlers(core: Core) {
  return {
    'backup.status': () => backupStatus(core),
    'backup.configure': (input) => configureBackups(core, input.dir),
    'backup.run': () => runBackup(core, 'manual'),
    'backup.preview': (input) => previewBackup(core, input.name),
    'backup.restore': (input) => restoreBackup(core, input.name),
    'restore.losses': () => listRestoreLosses(core.store),
    'restore.bringBack': (input) => bringBackLoss(core, input.id),
    'recovery.status': () => ({ mode: 'normal' as const, detail: null, backups: [], checking: core.desktop?.integrity() === 'running' }),
    'recovery.restore': () => {
      throw new DomainError('conflict', 'ฐานข้อมูลทะเบียนใช้งานได้ตามปกติ ใช้การกู้คืนในหน้าสำรองข้อมูลแทน');
    },
    'recovery.export': () => {
      throw new DomainError('conflict', 'ฐานข้อมูลทะเบียนใช้งานได้ตามปกติ');
    },
  } satisfies HandlerPart;
}
