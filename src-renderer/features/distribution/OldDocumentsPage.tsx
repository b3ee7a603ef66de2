// หนังสืออายุเกิน 2 ปี: the admin moves them to the archive (read-only, still searchable under
// "ดูที่เก็บ", out of the default lists). Nothing is deleted.
import { useState } from 'react';
import { formatThaiDateShort } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { useCan } from '../../app/AuthGate.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

export function OldDocumentsPage() {
  const can = useCan();
  const { data, error, reload } = useLoad(() => must('distribution.old', {}), []);
  const [message, setMessage] = useState<string | null>(null);
  const rows = data ? [...data.sent.map((d) => ({ id: d.id, kind: 'ส่ง', docNo: d.docNo, docDate: d.docDate, subject: d.subject })), ...data.received.map((d) => ({ id: d.id, kind: 'รับ', docNo: d.docNo, docDate: d.docDate, subject: d.subject }))] : [];
  const move = async () => {
    try {
      const r = await must('distribution.archive', { ids: rows.map((r) => r.id) });
      setMessage(`ย้ายไปที่เก็บแล้ว ${r.archived} ฉบับ`);
      reload();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  return (
    <div>
      <div className="page-head">
        <h1>หนังสืออายุเกิน 2 ปี</h1>
        <div className="toolbar">
          {can('distribution.archive') && rows.length > 0 ? <button type="button" onClick={() => void move()}>ย้ายทั้งหมดไปที่เก็บ</button> : null}
        </div>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {message ? <p className="notice" role="status">{message}</p> : null}
      <table className="data" aria-label="หนังสืออายุเกิน 2 ปี">
        <thead>
          <tr><th>ประเภท</th><th>ที่</th><th>ลงวันที่</th><th>เรื่อง</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}><td>{r.kind}</td><td>{r.docNo}</td><td>{formatThaiDateShort(r.docDate)}</td><td>{r.subject}</td></tr>
          ))}
          {data && rows.length === 0 ? <tr><td colSpan={4} className="empty">ไม่มีหนังสืออายุเกิน 2 ปีที่ยังไม่ได้ย้าย</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}
