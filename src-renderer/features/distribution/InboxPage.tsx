// หนังสือรับ: documents addressed to this organisation, newest first, not-yet-received marked,
// urgency in red; a document's page with its files (kept on this PC) and ลงรับ.
import { useState } from 'react';
import { SECRECY_LABELS, URGENCY_LABELS } from '../../../src-shared/domain.js';
import type { DistInboxRow } from '../../../src-shared/distributionSchemas.js';
import { formatFileSize } from '../../../src-shared/attachmentSchemas.js';
import { formatThaiDateShort, formatThaiDateTime } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { href } from '../../app/route.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { saveFile } from '../print/downloads.js';
import { distHref } from './distRoute.js';

const Urgency = ({ u }: { u: DistInboxRow['urgency'] }) => (u === 'normal' ? null : <span className="badge badge-urgent">{URGENCY_LABELS[u]}</span>);

export function InboxPage() {
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const { data, error, loading } = useLoad(() => must('distribution.inbox', { archived: false, query: applied, offset: 0, limit: 200 }), [applied]);
  return (
    <div>
      <div className="page-head">
        <h1>หนังสือรับ</h1>
        <form className="search" role="search" onSubmit={(e) => (e.preventDefault(), setApplied(query))}>
          <input aria-label="ค้นหาหนังสือรับ" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="เรื่อง เลขที่ หรือผู้ส่ง" />
          <button type="submit">ค้นหา</button>
        </form>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <p aria-live="polite" aria-busy={loading}>{data ? `ทั้งหมด ${data.total} ฉบับ ยังไม่ลงรับ ${data.rows.filter((r) => !r.registerNo && !r.withdrawnAt).length} ฉบับ` : 'กำลังโหลด…'}</p>
      <div className="table-wrap">
        <table className="data" aria-label="หนังสือรับ">
          <thead>
            <tr>
              <th>สถานะ</th>
              <th>ที่</th>
              <th>ลงวันที่</th>
              <th>จาก</th>
              <th>เรื่อง</th>
              <th>ไฟล์</th>
              <th>เลขรับ</th>
            </tr>
          </thead>
          <tbody>
            {data?.rows.map((r) => (
              <tr key={r.id} className={r.registerNo ? undefined : 'not-received'}>
                <td>{r.withdrawnAt ? <span className="state-withdrawn">ยกเลิกการส่ง</span> : r.registerNo ? 'รับแล้ว' : <strong>ยังไม่รับ</strong>}</td>
                <td>{r.docNo}</td>
                <td>{formatThaiDateShort(r.docDate)}</td>
                <td>{r.senderName}</td>
                <td>
                  <Urgency u={r.urgency} />
                  {r.secrecy !== 'none' ? <span className="badge badge-secret">{SECRECY_LABELS[r.secrecy]}</span> : null}
                  <a href={distHref.inboxDoc(r.id)}>{r.subject}</a>
                </td>
                <td>{r.files.length || ''}</td>
                <td>{r.registerNo ? `${r.registerNo}/${r.registerYear}` : ''}</td>
              </tr>
            ))}
            {data && data.rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">ยังไม่มีหนังสือรับ</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function InboxDocumentPage({ id }: { id: string }) {
  const { data, error, reload } = useLoad(() => must('distribution.inboxDocument', { id }), [id]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">กำลังโหลด…</p>;
  const d = data;
  const receiveNow = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await must('distribution.receive', { id });
      setMessage(`ลงรับแล้ว เลขทะเบียนรับที่ ${r.registerNo}/${r.registerYear}`);
      reload();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  // Saved as a download: the desktop app refuses new windows (src-main/shell), so a blob opened
  // in a new window would show nothing there.
  const open = async (sha256: string, name: string, mimeType: string) => {
    try {
      const f = await must('distribution.readFile', { id, sha256 });
      saveFile({ fileName: name, mimeType, base64: f.base64 });
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  return (
    <div>
      <div className="page-head">
        <h1>{d.subject}</h1>
        <div className="toolbar">
          <a className="button" href={distHref.view('inbox')}>กลับไปหนังสือรับ</a>
          {!d.registerNo && !d.withdrawnAt ? (
            <button type="button" className="primary" disabled={busy} onClick={() => void receiveNow()}>
              ลงรับ
            </button>
          ) : null}
          {d.entryId ? (
            <a className="button" href={href.details('incoming', d.entryId)}>ดูในทะเบียนหนังสือรับ</a>
          ) : null}
        </div>
      </div>
      {message ? <p className="notice" role="status">{message}</p> : null}
      {failure ? <p className="error" role="alert">{failure}</p> : null}
      {d.withdrawnAt ? <p className="error">ผู้ส่งยกเลิกการส่งหนังสือฉบับนี้แล้ว ({formatThaiDateTime(d.withdrawnAt)}): {d.withdrawReason}</p> : null}
      <table className="fields">
        <tbody>
          <tr><th>จาก</th><td>{d.senderName}</td></tr>
          <tr><th>ที่</th><td>{d.docNo}</td></tr>
          <tr><th>ลงวันที่</th><td>{formatThaiDateShort(d.docDate)}</td></tr>
          <tr><th>ชั้นความเร็ว</th><td className={d.urgency !== 'normal' ? 'urgent-text' : undefined}>{URGENCY_LABELS[d.urgency]}</td></tr>
          <tr><th>ชั้นความลับ</th><td>{SECRECY_LABELS[d.secrecy]}</td></tr>
          <tr><th>เนื้อหาโดยสรุป</th><td style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</td></tr>
          <tr><th>ส่งเมื่อ</th><td>{formatThaiDateTime(d.sentAt)}</td></tr>
          <tr><th>ลงรับ</th><td>{d.registerNo ? `เลขทะเบียนรับ ${d.registerNo}/${d.registerYear} เมื่อ ${d.receivedAt ? formatThaiDateTime(d.receivedAt) : ''}` : 'ยังไม่ลงรับ'}</td></tr>
        </tbody>
      </table>
      <h2>ไฟล์แนบ</h2>
      {d.files.length === 0 ? <p className="muted">ไม่มีไฟล์แนบ</p> : null}
      <ul>
        {d.files.map((f) => (
          <li key={f.position}>
            {f.downloaded ? (
              <button type="button" className="link" onClick={() => void open(f.sha256, f.name, f.mimeType)}>{f.name}</button>
            ) : (
              <span>{f.name} (กำลังดาวน์โหลด)</span>
            )}{' '}
            {formatFileSize(f.size)} {f.description}
          </li>
        ))}
      </ul>
    </div>
  );
}
