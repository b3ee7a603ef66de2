// The header's sync badge: online/offline, entries waiting to be sent, the last successful sync
// in Thai, and "ส่งข้อมูลตอนนี้". Registering never waits for it: it only reads the status.
import { formatNumber } from '../../../src-shared/thai.js';
import { href } from '../../app/route.js';
import { useSyncStatus } from './useSyncStatus.js';

const STATE_LABELS = {
  not_configured: 'ยังไม่เชื่อมต่อเซิร์ฟเวอร์',
  online: 'ออนไลน์',
  offline: 'ออฟไลน์',
  syncing: 'กำลังส่งข้อมูล…',
} as const;

export function SyncStatus() {
  const { status, syncing, syncNow } = useSyncStatus();
  if (!status) return null;
  const state = syncing ? 'syncing' : status.state;
  return (
    <div className={`sync-status sync-${state}`} role="status" aria-live="polite" data-testid="sync-status">
      <span className="sync-state">{STATE_LABELS[state]}</span>
      {status.configured ? (
        <>
          <span className="sync-pending">
            รอส่ง <strong data-testid="sync-pending">{formatNumber(status.pending)}</strong> รายการ
          </span>
          <span className="sync-last">ส่งล่าสุด {status.lastSuccessText ?? 'ยังไม่เคย'}</span>
          {status.clockWarning ? (
            <a className="sync-rejected" href={href.settings()} title={status.clockWarning}>
              นาฬิกาเครื่องคลาดเคลื่อน
            </a>
          ) : null}
          {status.rejected.length > 0 ? (
            <a className="sync-rejected" href={href.settings()} title="ดูรายการที่เซิร์ฟเวอร์ไม่รับ">
              ไม่ผ่าน {formatNumber(status.rejected.length)} รายการ
            </a>
          ) : null}
          <button type="button" className="button small" onClick={() => void syncNow()} disabled={syncing}>
            ส่งข้อมูลตอนนี้
          </button>
        </>
      ) : null}
    </div>
  );
}
