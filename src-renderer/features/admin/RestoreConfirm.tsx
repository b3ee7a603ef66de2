// The confirmation before a restore: in Thai, what leaves the register (the entries registered
// after the backup, by book and number; the later edits), that those numbers are never issued
// again (the books go on after the highest issued) and that the audit trail stays whole.
import { useEffect, useRef } from 'react';
import { REGISTER_LABELS, type RegisterKind } from '../../../src-shared/domain.js';
import type { BackupPreview } from '../../../src-shared/usersSchemas.js';

const book = (kind: string) => REGISTER_LABELS[kind as RegisterKind]?.book ?? kind;

export function RestoreConfirm({ when, preview, busy, onConfirm, onCancel }: { when: string; preview: BackupPreview; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement | null>(null);
  useEffect(() => cancel.current?.focus(), []);
  const loss = preview.loss;
  const nothingLost = !loss || (loss.entries.length === 0 && loss.edits === 0);
  return (
    <div
      className="dialog-backdrop"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="restore-confirm-title">
        <h2 id="restore-confirm-title">ยืนยันการกู้คืนข้อมูลจากชุดสำรอง {when}</h2>
        <h3>สิ่งที่จะหายไปจากทะเบียน</h3>
        {nothingLost ? (
          <p>ไม่มีรายการที่ลงทะเบียนหรือแก้ไขหลังชุดสำรองนี้</p>
        ) : (
          <ul>
            {loss.entries.map((b) => (
              <li key={`${b.kind}-${b.year}`}>
                {`${book(b.kind)}${b.circular ? ' (หนังสือเวียน)' : ''} ${b.count.toLocaleString('th-TH')} รายการ (${b.circular ? 'ว' : 'เลขที่'} ${
                  b.fromNo === b.toNo ? b.fromNo : `${b.fromNo}–${b.toNo}`
                }/${b.year})`}
              </li>
            ))}
            {loss.edits > 0 ? <li>การแก้ไขหรือยกเลิก {loss.edits.toLocaleString('th-TH')} รายการ จะกลับไปเป็นแบบในชุดสำรอง</li> : null}
          </ul>
        )}
        {!nothingLost ? <p>รายการที่หายไปจะแสดงที่หน้ารายการหลักพร้อมข้อมูลที่ทราบ เพื่อนำกลับมาด้วยเลขเดิมได้</p> : null}
        <h3>เลขทะเบียนไม่ย้อนกลับ</h3>
        <p>เลขทะเบียนจะต่อจากเลขสูงสุดที่เคยออกไปแล้ว เลขที่เขียนลงบนหนังสือไปแล้วจะไม่ถูกใช้ซ้ำ</p>
        {loss && loss.nextNumbers.length ? (
          <ul>
            {loss.nextNumbers.slice(0, 8).map((n) => (
              <li key={`${n.kind}-${n.year}`}>
                {book(n.kind)} ปี {n.year}: เลขถัดไป {n.next.toLocaleString('th-TH')}
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          บันทึกการใช้งานยังอยู่ครบ{loss && loss.auditEventsKept > 0 ? ` (รวม ${loss.auditEventsKept.toLocaleString('th-TH')} รายการหลังชุดสำรอง)` : ''} และก่อนกู้คืน
          โปรแกรมจะสำรองข้อมูลปัจจุบันเก็บไว้อีกชุดหนึ่ง
        </p>
        <div className="toolbar">
          <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
            ยืนยันกู้คืน
          </button>
          <button type="button" ref={cancel} onClick={onCancel}>
            ไม่กู้คืน
          </button>
        </div>
      </div>
    </div>
  );
}
