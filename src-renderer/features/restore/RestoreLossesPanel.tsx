// รายการที่หายไปจากการกู้คืนข้อมูล: what a restore took away, with what is known of each (from
// the copy taken before the restore, from the central server, or only its number), and
// "นำกลับมา" to put an entry back with its original number. Shown on รายการหลัก while any is open.
import { useState } from 'react';
import { REGISTER_LABELS } from '../../../src-shared/domain.js';
import { formatThaiDateTime } from '../../../src-shared/thai.js';
import type { RestoreLoss } from '../../../src-shared/usersSchemas.js';
import { must } from '../../api/client.js';
import { useCan } from '../../app/AuthGate.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

const SOURCE: Record<RestoreLoss['source'], string> = {
  safety: 'สำเนาก่อนกู้คืน',
  server: 'เซิร์ฟเวอร์กลาง',
  numbers: 'ทราบเพียงเลขที่ออกไปแล้ว',
};

function whatText(l: RestoreLoss): string {
  if (l.what === 'edits') return 'การแก้ไขหลังชุดสำรอง';
  if (l.what === 'number') return 'เลขที่ออกไปแล้ว ไม่พบข้อมูลรายการ';
  return 'รายการ';
}

export function RestoreLossesPanel() {
  const can = useCan();
  const { data, reload } = useLoad<RestoreLoss[]>(() => must('restore.losses', {}), []);
  const [message, setMessage] = useState<string | null>(null);
  const open = (data ?? []).filter((l) => l.broughtBackAt === null);
  if (open.length === 0) return null;
  const bringBack = async (l: RestoreLoss) => {
    try {
      await must('restore.bringBack', { id: l.id });
      setMessage(`นำ${REGISTER_LABELS[l.kind].book} เลขที่ ${l.registerNo}/${l.year} กลับมาแล้ว`);
      reload();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  return (
    <section className="notice restore-losses" aria-label="รายการที่หายไปจากการกู้คืนข้อมูล">
      <h2>รายการที่หายไปจากการกู้คืนข้อมูล ({open.length.toLocaleString('th-TH')})</h2>
      <p>
        ทะเบียนถูกกู้คืนจากชุดสำรองที่เก่ากว่ารายการเหล่านี้ เลขทะเบียนของรายการเหล่านี้ออกไปแล้วและจะไม่ถูกใช้ซ้ำ
        ตรวจกับหนังสือตัวจริงแล้วนำกลับมาได้ด้วยเลขเดิม
      </p>
      {message ? <p role="status">{message}</p> : null}
      <table className="entries compact">
        <thead>
          <tr>
            <th>ทะเบียน</th>
            <th>เลขที่</th>
            <th>ที่</th>
            <th>เรื่อง</th>
            <th>ลงทะเบียนเมื่อ</th>
            <th>สิ่งที่หาย</th>
            <th>ข้อมูลจาก</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {open.map((l) => (
            <tr key={l.id}>
              <td className="nowrap">{REGISTER_LABELS[l.kind].book}</td>
              <td className="nowrap">{l.circularNo !== null ? `ว ${l.circularNo}/${l.year}` : `${l.registerNo}/${l.year}`}</td>
              <td>{l.docNo || '—'}</td>
              <td>{l.subject || '—'}</td>
              <td className="nowrap">{l.registeredAt ? formatThaiDateTime(l.registeredAt) : '—'}</td>
              <td>{whatText(l)}</td>
              <td>{SOURCE[l.source]}</td>
              <td className="row-actions">
                {l.canBringBack && can('restore.bringBack', l) ? (
                  <button type="button" onClick={() => void bringBack(l)} aria-label={`นำกลับมา เลขที่ ${l.registerNo}/${l.year}`}>
                    นำกลับมา
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
