// ตั้งค่าระบบ > ทำเนียบสถานศึกษา: the office's schools and agencies as the server keeps them, and
// an import from the office's CSV/xlsx list (รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท). A file with one bad
// row changes nothing; the new directory comes down to every PC at its next sync.
import { useState } from 'react';
import { SCHOOL_TYPE_LABELS } from '../../../src-shared/distributionSchemas.js';
import { ORG_KIND_LABELS } from '../../../src-shared/syncSchemas.js';
import { must } from '../../api/client.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function DirectoryPanel() {
  const { data, error, reload } = useLoad(() => must('distribution.directory', { includeInactive: true }), []);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const importFile = async (file: File) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await must('distribution.importDirectory', { name: file.name, base64: await fileBase64(file) });
      setMessage(`นำเข้าแล้ว: เพิ่มใหม่ ${r.added} แห่ง แก้ไข ${r.updated} แห่ง ไม่เปลี่ยน ${r.unchanged} แห่ง`);
      reload();
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <p>
        นำเข้าจากไฟล์ CSV หรือ Excel (.xlsx) ที่มีคอลัมน์ รหัสสถานศึกษา, ชื่อ, กลุ่ม, ประเภท (รัฐบาล/เอกชน){' '}
        <input type="file" aria-label="ไฟล์ทำเนียบสถานศึกษา" accept=".csv,.xlsx" disabled={busy} onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFile(f);
            e.target.value = '';
          }} />
      </p>
      {message ? <p className="notice" role="status">{message}</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="table-wrap">
        <table className="data" aria-label="ทำเนียบสถานศึกษา">
          <thead>
            <tr><th>รหัสสถานศึกษา</th><th>ชื่อ</th><th>ประเภทหน่วยงาน</th><th>กลุ่ม</th><th>ประเภท</th><th>สถานะ</th></tr>
          </thead>
          <tbody>
            {data?.map((o) => (
              <tr key={o.id}>
                <td>{o.schoolCode ?? '-'}</td>
                <td>{o.name}</td>
                <td>{ORG_KIND_LABELS[o.kind]}</td>
                <td>{o.network}</td>
                <td>{o.schoolType ? SCHOOL_TYPE_LABELS[o.schoolType] : ''}</td>
                <td>{o.active ? 'ใช้งาน' : 'เลิกใช้'}</td>
              </tr>
            ))}
            {data && data.length === 0 ? <tr><td colSpan={6} className="empty">ยังไม่มีทำเนียบ (เชื่อมต่อเซิร์ฟเวอร์กลางก่อน)</td></tr> : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}
