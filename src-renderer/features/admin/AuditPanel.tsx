// บันทึกการใช้งาน (admin): the whole audit trail, its hash-chain check, and a CSV export.
import { useState } from 'react';
import { describeAudit, type AuditNames } from '../../../src-shared/auditText.js';
import { formatThaiDateTime } from '../../../src-shared/thai.js';
import type { AuditEvent, AuditPage, AuditVerification } from '../../../src-shared/usersSchemas.js';
import { must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

const PAGE_SIZE = 50;

const SERVER_WITNESS: Record<NonNullable<AuditVerification['witnesses']>['server'], string> = {
  matched: 'ตรงกับสำเนาที่เซิร์ฟเวอร์กลางเก็บไว้',
  mismatch: 'ไม่ตรงกับสำเนาที่เซิร์ฟเวอร์กลางเก็บไว้',
  offline: 'ติดต่อเซิร์ฟเวอร์กลางไม่ได้ จึงเทียบได้เฉพาะกับชุดสำรอง',
  not_configured: 'ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์กลาง จึงเทียบกับชุดสำรองข้อมูล',
};

/** One event in the clerk's words: what, to which entry, the changed fields old → new. */
function EventText({ e, names }: { e: AuditEvent; names: AuditNames }) {
  const d = describeAudit(e, names);
  return (
    <>
      <td>{d.action}</td>
      <td>{d.target}</td>
      <td>
        {d.changes.length ? (
          <ul className="diff">
            {d.changes.map((c) => (
              <li key={c.field}>
                {c.label}: <del>{c.before}</del> → <ins>{c.after}</ins>
              </li>
            ))}
          </ul>
        ) : null}
        {d.detail ? <span className="muted">{d.detail}</span> : null}
      </td>
    </>
  );
}

/** Saves text as a file through the browser (works the same in Electron's renderer). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditPanel() {
  const { groups, people } = useApp();
  const names: AuditNames = { group: (id) => groups.find((g) => g.id === id)?.name, person: (id) => people.find((p) => p.id === id)?.name };
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoad<AuditPage>(() => must('audit.list', { page, pageSize: PAGE_SIZE }), [page]);
  const [check, setCheck] = useState<AuditVerification | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const verify = async () => {
    try {
      setCheck(await must('audit.verify', {}));
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  const exportCsv = async () => {
    try {
      const r = await must('audit.export', {});
      downloadText(r.fileName, r.csv);
      setMessage(`ส่งออก ${r.rows.toLocaleString('th-TH')} รายการ (${r.fileName})`);
      reload();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <div>
      <div className="toolbar">
        <button type="button" onClick={() => void verify()}>
          ตรวจสอบความถูกต้องของบันทึก
        </button>
        <button type="button" onClick={() => void exportCsv()}>
          ส่งออกบันทึกทั้งหมด (CSV)
        </button>
        <span className="muted">ไฟล์ CSV มีคำอธิบายภาษาไทยทุกแถว และข้อมูลดิบ (JSON) สำหรับผู้ตรวจสอบ</span>
      </div>
      {check ? (
        <p role="status" className={check.ok ? 'ok' : 'urgent-text'}>
          {check.ok
            ? `บันทึกการใช้งานถูกต้องครบถ้วน (ตรวจ ${check.checked.toLocaleString('th-TH')} รายการ)`
            : `พบการแก้ไขบันทึกนอกโปรแกรม: ${check.firstBreak?.reason ?? ''}`}
          {check.witnesses
            ? ` · ${SERVER_WITNESS[check.witnesses.server]} · เทียบกับชุดสำรอง ${check.witnesses.backupsChecked.toLocaleString('th-TH')} ชุด`
            : ''}
        </p>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      <p className="summary-line">ทั้งหมด {(data?.total ?? 0).toLocaleString('th-TH')} รายการ · หน้า {page}/{pages}</p>
      <div className="table-wrap">
        <table className="entries compact" aria-label="บันทึกการใช้งาน">
          <thead>
            <tr>
              <th>ลำดับ</th>
              <th>เวลา</th>
              <th>ผู้ใช้</th>
              <th>การกระทำ</th>
              <th>รายการ</th>
              <th>รายละเอียด</th>
            </tr>
          </thead>
          <tbody>
            {(data?.rows ?? []).map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td className="nowrap">{formatThaiDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <EventText e={e} names={names} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          «หน้าก่อน
        </button>
        <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          หน้าถัดไป»
        </button>
      </div>
    </div>
  );
}
