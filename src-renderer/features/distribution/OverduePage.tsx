// หนังสือที่ยังไม่รับเกิน 3 วัน: every sent document with schools that have not received it for more
// than three days, those schools listed, for a follow-up by phone: printable and as xlsx.
import { useState } from 'react';
import { formatThaiDateShort, formatThaiDateTime } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { saveFile } from '../print/downloads.js';
import { distHref } from './distRoute.js';
import { receivedText } from './SentPage.js';

export function OverduePage() {
  const { data, error } = useLoad(() => must('distribution.overdue', {}), []);
  const [failure, setFailure] = useState<string | null>(null);
  const exportXlsx = async () => {
    try {
      saveFile(await must('distribution.overdueExport', {}));
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  return (
    <div>
      <div className="page-head">
        <h1>หนังสือที่ยังไม่รับเกิน 3 วัน</h1>
        <div className="toolbar">
          <button type="button" onClick={() => window.print()}>พิมพ์</button>
          <button type="button" onClick={() => void exportXlsx()}>ส่งออก Excel (.xlsx)</button>
        </div>
      </div>
      {error || failure ? <p className="error" role="alert">{error ?? failure}</p> : null}
      {data && data.length === 0 ? <p>ไม่มีหนังสือที่ค้างรับเกิน 3 วัน</p> : null}
      {data?.map((o) => (
        <section key={o.document.id} className="overdue-doc" aria-label={o.document.subject}>
          <h2>
            <a href={distHref.sentDoc(o.document.id)}>{o.document.subject}</a>
          </h2>
          <p>
            {o.document.docNo} ลงวันที่ {formatThaiDateShort(o.document.docDate)} · ส่งเมื่อ {formatThaiDateTime(o.document.createdAt)} ({o.days} วัน) ·{' '}
            <span className="count">{receivedText(o.document)}</span>
          </p>
          <table className="data" aria-label={`ยังไม่รับ: ${o.document.subject}`}>
            <thead>
              <tr>
                <th>รหัสสถานศึกษา</th>
                <th>ชื่อสถานศึกษา</th>
              </tr>
            </thead>
            <tbody>
              {o.waiting.map((w) => (
                <tr key={w.orgId}>
                  <td>{w.schoolCode ?? '-'}</td>
                  <td>{w.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
