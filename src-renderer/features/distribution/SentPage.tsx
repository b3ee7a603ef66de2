// หนังสือส่ง: each sent document with its sending state (รอส่ง until the server has it) and
// "รับแล้ว 87/96"; a document's page with the per-school tracking table and ยกเลิกการส่ง.
import { useState } from 'react';
import { SECRECY_LABELS, URGENCY_LABELS } from '../../../src-shared/domain.js';
import { DIST_SEND_STATE_LABELS, type DistSentRow } from '../../../src-shared/distributionSchemas.js';
import { formatThaiDateShort, formatThaiDateTime } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { useCan } from '../../app/AuthGate.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { distHref } from './distRoute.js';

export const receivedText = (d: Pick<DistSentRow, 'receivedCount' | 'recipientCount'>): string => `รับแล้ว ${d.receivedCount}/${d.recipientCount}`;
const State = ({ d }: { d: DistSentRow }) => <span className={`state-${d.state}`}>{DIST_SEND_STATE_LABELS[d.state]}</span>;

export function SentPage() {
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [archived, setArchived] = useState(false);
  const { data, error, loading } = useLoad(() => must('distribution.sent', { archived, query: applied, offset: 0, limit: 200 }), [applied, archived]);
  return (
    <div>
      <div className="page-head">
        <h1>หนังสือส่ง{archived ? ' (ที่เก็บ)' : ''}</h1>
        <div className="toolbar">
          <a className="button primary" href={distHref.view('compose')}>ส่งหนังสือราชการ</a>
          <form className="search" role="search" onSubmit={(e) => (e.preventDefault(), setApplied(query))}>
            <input aria-label="ค้นหาหนังสือส่ง" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="เรื่อง หรือเลขที่" />
            <button type="submit">ค้นหา</button>
          </form>
          <label>
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> ดูที่เก็บ (อายุเกิน 2 ปี)
          </label>
        </div>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <p aria-live="polite" aria-busy={loading}>{data ? `ทั้งหมด ${data.total} ฉบับ` : 'กำลังโหลด…'}</p>
      <div className="table-wrap">
        <table className="data" aria-label="หนังสือส่ง">
          <thead>
            <tr>
              <th>ส่งเมื่อ</th>
              <th>ที่</th>
              <th>เรื่อง</th>
              <th>สถานะ</th>
              <th>การรับ</th>
            </tr>
          </thead>
          <tbody>
            {data?.rows.map((d) => (
              <tr key={d.id}>
                <td>{formatThaiDateTime(d.createdAt)}</td>
                <td>{d.docNo}</td>
                <td>
                  {d.urgency !== 'normal' ? <span className="badge badge-urgent">{URGENCY_LABELS[d.urgency]}</span> : null}
                  {d.secrecy !== 'none' ? <span className="badge badge-secret">{SECRECY_LABELS[d.secrecy]}</span> : null}
                  <a href={distHref.sentDoc(d.id)}>{d.subject}</a>
                </td>
                <td><State d={d} /></td>
                <td className="count">{receivedText(d)}</td>
              </tr>
            ))}
            {data && data.rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="empty">ยังไม่มีหนังสือที่ส่ง</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function SentDocumentPage({ id }: { id: string }) {
  const can = useCan();
  const { data, error, reload } = useLoad(() => must('distribution.sentDetails', { id }), [id]);
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">กำลังโหลด…</p>;
  const d = data;
  const withdrawNow = async () => {
    setFailure(null);
    try {
      await must('distribution.withdraw', { id, reason });
      setAsking(false);
      reload();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  return (
    <div>
      <div className="page-head">
        <h1>{d.subject}</h1>
        <div className="toolbar">
          <a className="button" href={distHref.view('sent')}>กลับไปหนังสือส่ง</a>
          <button type="button" onClick={reload}>ปรับปรุงข้อมูล</button>
          {can('distribution.withdraw') && d.state !== 'withdrawn' && d.receivedCount === 0 ? (
            <button type="button" className="danger" onClick={() => setAsking(true)}>ยกเลิกการส่ง</button>
          ) : null}
        </div>
      </div>
      {failure ? <p className="error" role="alert">{failure}</p> : null}
      {asking ? (
        <form className="notice" onSubmit={(e) => (e.preventDefault(), void withdrawNow())}>
          <label htmlFor="withdraw-reason">เหตุผลที่ยกเลิกการส่ง</label>{' '}
          <input id="withdraw-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />{' '}
          <button type="submit" className="danger">ยืนยันยกเลิกการส่ง</button>{' '}
          <button type="button" onClick={() => setAsking(false)}>ไม่ยกเลิก</button>
        </form>
      ) : null}
      <p>
        <State d={d} /> · <span className="count">{receivedText(d)}</span> · {d.docNo} ลงวันที่ {formatThaiDateShort(d.docDate)}
        {d.rejectReason ? <span className="error"> ({d.rejectReason})</span> : null}
        {d.withdrawnAt ? <span className="error"> ยกเลิกเมื่อ {formatThaiDateTime(d.withdrawnAt)}: {d.withdrawReason}</span> : null}
      </p>
      <div className="table-wrap">
        <table className="data" aria-label="การรับหนังสือของสถานศึกษา">
          <thead>
            <tr>
              <th>ที่</th>
              <th>รหัสสถานศึกษา</th>
              <th>ชื่อสถานศึกษา</th>
              <th>รับ</th>
              <th>วันเวลาที่รับ</th>
              <th>เลขรับของโรงเรียน</th>
            </tr>
          </thead>
          <tbody>
            {d.recipients.map((r) => (
              <tr key={r.orgId} className={r.receivedAt ? undefined : 'not-received'}>
                <td>{r.position}</td>
                <td>{r.schoolCode ?? '-'}</td>
                <td>{r.name}</td>
                <td>{r.receivedAt ? 'รับแล้ว' : 'ยังไม่รับ'}</td>
                <td>{r.receivedAt ? formatThaiDateTime(r.receivedAt) : ''}</td>
                <td>{r.registerNo ? `${r.registerNo}/${r.registerYear}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
