// What a backup holds: counts per register and the last entry, shown before a restore.
import { REGISTER_KINDS, REGISTER_LABELS, type RegisterKind } from '../../../src-shared/domain.js';
import type { BackupPreview } from '../../../src-shared/usersSchemas.js';
import { formatThaiDateTime } from '../../../src-shared/thai.js';

export function formatBackupTime(iso: string): string {
  if (!iso) return '(ไม่ทราบเวลา)';
  return formatThaiDateTime(iso);
}

export function BackupPreviewView({ preview }: { preview: BackupPreview }) {
  const last = preview.lastEntry;
  return (
    <div className="backup-preview" aria-label="ข้อมูลในชุดสำรอง">
      <ul>
        {REGISTER_KINDS.map((k) => (
          <li key={k}>
            {REGISTER_LABELS[k].book}: <strong>{(preview.counts[k] ?? 0).toLocaleString('th-TH')}</strong> รายการ
          </li>
        ))}
      </ul>
      {last ? (
        <p>
          รายการล่าสุด: {REGISTER_LABELS[last.kind as RegisterKind]?.book ?? last.kind} เลขที่ {last.registerNo}/{last.year} — {last.subject}
        </p>
      ) : (
        <p>ไม่มีรายการในทะเบียน</p>
      )}
    </div>
  );
}
