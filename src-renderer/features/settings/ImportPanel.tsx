// ตั้งค่าระบบ › นำเข้าข้อมูล: switching from AMSS++. The admin picks the dump (it goes up in
// chunks, as attachments do), types the AMSS++ folder on this PC for the files, sees the
// preview (nothing written), confirms, watches the progress and reads the result.
import { useState, type FormEvent } from 'react';
import { REGISTER_KINDS, REGISTER_LABELS, type RegisterKind } from '../../../src-shared/domain.js';
import { IMPORT_LIMITS, type ImportJobStatus, type ImportPreview, type ImportResult, type ImportUploaded } from '../../../src-shared/importSchemas.js';
import { must } from '../../api/client.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { FilePicker } from '../../ui/FilePicker.js';
import { blobToBase64 } from '../print/downloads.js';

const n = (x: number): string => x.toLocaleString('en-US');
const PHASE: Record<'read' | 'plan' | 'import', string> = { read: 'กำลังอ่านไฟล์', plan: 'กำลังตรวจข้อมูล', import: 'กำลังนำเข้า' };

async function waitForJob(jobId: string, onProgress: (s: ImportJobStatus) => void): Promise<ImportJobStatus> {
  for (;;) {
    const s = await must('import.status', { jobId });
    onProgress(s);
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function PreviewView({ p }: { p: ImportPreview }) {
  return (
    <section className="import-preview" aria-label="ผลการตรวจ">
      <p>
        {p.file}: รวม {n(p.totals.rows)} รายการ — จะนำเข้า <strong>{n(p.totals.toImport)}</strong>, นำเข้าไว้แล้ว {n(p.totals.alreadyImported)}, มีข้อสังเกต {n(p.totals.problems)}
      </p>
      <table className="import-books" aria-label="ทะเบียนที่จะนำเข้า แยกตามปี">
        <thead>
          <tr>
            <th>ทะเบียน</th>
            <th>ปี</th>
            <th>รายการ</th>
            <th>เลข</th>
            <th>เลขที่ขาด</th>
            <th>เลขซ้ำ</th>
            <th>ไฟล์ พบ/ไม่พบ/ไม่ผ่าน</th>
            <th>เลขถัดไป</th>
          </tr>
        </thead>
        <tbody>
          {p.books.map((b) => (
            <tr key={`${b.kind}:${b.year}`}>
              <td>{REGISTER_LABELS[b.kind].book}</td>
              <td>{b.year}</td>
              <td>
                {n(b.rows)}
                {b.alreadyImported ? ` (มีแล้ว ${n(b.alreadyImported)})` : ''}
                {b.blocked ? <div className="error">{b.blocked}</div> : null}
              </td>
              <td>
                {b.minNo ?? '-'}–{b.maxNo ?? '-'}
              </td>
              <td title={b.gaps.join(', ')}>{b.gapCount ? `${n(b.gapCount)} (${b.gaps.slice(0, 5).join(', ')}${b.gaps.length > 5 ? ' …' : ''})` : '-'}</td>
              <td>{b.duplicates.length ? b.duplicates.map((d) => d.registerNo).join(', ') : '-'}</td>
              <td>
                {n(b.filesFound)}/{n(b.filesMissing)}/{n(b.filesRefused)}
              </td>
              <td>
                {b.nextNo}
                {b.nextCircularNo !== null ? ` (ว ${b.nextCircularNo})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.groups.length > 0 && <p>กลุ่มปฏิบัติ: {p.groups.map((g) => `${g.name} (${g.action === 'create' ? 'สร้างใหม่' : 'มีอยู่แล้ว'})`).join(', ')}</p>}
      {p.unknownWorkgroups.length > 0 && <p>รหัสกลุ่มงานที่ไม่มีใน AMSS++ แล้ว: {p.unknownWorkgroups.map((w) => `${w.code} (${n(w.rows)} รายการ)`).join(', ')} — นำเข้าโดยไม่ระบุกลุ่ม</p>}
      {p.people.length > 0 && <p>บุคคลปฏิบัติ: {p.people.map((x) => `${x.name} (${x.action === 'create' ? 'สร้างใหม่' : 'มีอยู่แล้ว'})`).join(', ')}</p>}
      {p.officers.length > 0 && <p>ผู้ลงทะเบียน: {p.officers.map((o) => o.name ?? `ไม่พบชื่อของ ${o.id}`).join(', ')}</p>}
      {!p.school && p.schoolsInDump.length > 0 && <p>ไฟล์นี้มีทะเบียนของโรงเรียนด้วย (รหัส {p.schoolsInDump.map((s) => s.code).join(', ')}): ระบุรหัสโรงเรียนเพื่อนำเข้าทะเบียนของโรงเรียน</p>}
      {p.books.some((b) => b.problems.length > 0) && (
        <details>
          <summary>ข้อสังเกตรายแถว และสิ่งที่จะทำ ({n(p.totals.problems)})</summary>
          <ul className="import-problems">
            {p.books.flatMap((b) =>
              b.problems.slice(0, 200).map((x, i) => (
                <li key={`${b.kind}:${b.year}:${i}`}>
                  {REGISTER_LABELS[b.kind].book} {b.year} เลข {x.registerNo} ({x.table} ms_id {x.msId}): {x.problem}
                </li>
              )),
            )}
          </ul>
        </details>
      )}
    </section>
  );
}

function ResultView({ r }: { r: ImportResult }) {
  return (
    <div className="import-result" role="status">
      <p>
        นำเข้าแล้ว <strong>{n(r.imported)}</strong> รายการ{r.failedBooks ? `, ไม่สำเร็จ ${r.failedBooks} เล่ม` : ''}
      </p>
      <ul>
        {r.books.map((b) => (
          <li key={`${b.kind}:${b.year}`} className={b.error ? 'error' : undefined}>
            {REGISTER_LABELS[b.kind].book} ปี {b.year}: {b.error ?? `นำเข้า ${n(b.imported)} รายการ ไฟล์ ${n(b.files)} เลขถัดไป ${b.nextNo ?? '-'}${b.nextCircularNo !== null ? ` เลข ว ถัดไป ${b.nextCircularNo}` : ''}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<ImportUploaded | null>(null);
  const [filesRoot, setFilesRoot] = useState('');
  const [school, setSchool] = useState('');
  const [kind, setKind] = useState<RegisterKind>('incoming');
  const isSheet = file !== null && /\.(xls|xlsx|csv)$/i.test(file.name);
  const [progress, setProgress] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A new file or new options need a new preview before anything can be imported.
  const changed = (apply: () => void): void => {
    apply();
    setPreview(null);
    setResult(null);
  };

  const upload = async (f: File): Promise<ImportUploaded> => {
    if (uploaded && uploaded.name === f.name && uploaded.size === f.size) return uploaded;
    const { uploadId, chunkBytes } = await must('import.uploadBegin', { name: f.name, size: f.size });
    const step = Math.min(chunkBytes, IMPORT_LIMITS.chunkBytes);
    for (let offset = 0; offset < f.size; offset += step) {
      await must('import.uploadChunk', { uploadId, offset, data: await blobToBase64(f.slice(offset, offset + step)) });
      setProgress(`กำลังส่งไฟล์ ${Math.min(100, Math.floor(((offset + step) / f.size) * 100))}%`);
    }
    const done = await must('import.uploadFinish', { uploadId });
    setUploaded(done);
    return done;
  };

  const track = (s: ImportJobStatus): void => {
    if (s.state === 'running') setProgress(`${PHASE[s.phase]} ${s.total ? Math.floor((s.done / s.total) * 100) : 0}%`);
  };

  const check = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!file) {
      setError('กรุณาเลือกไฟล์สำรองข้อมูลของ AMSS++');
      // The chooser's own button: the file input itself is hidden behind its Thai label.
      document.getElementById('import-dump-choose')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const dump = await upload(file);
      const { jobId } = await must('import.preview', { dumpId: dump.dumpId, filesRoot, school, kind });
      const s = await waitForJob(jobId, track);
      if (s.state === 'failed') setError(s.message);
      else if (s.state === 'previewed') setPreview(s.preview);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    // Shown at once: a small dump is imported before the first progress poll comes back.
    setProgress(`${PHASE.import} 0%`);
    try {
      const { jobId } = await must('import.run', { dumpId: uploaded.dumpId, filesRoot, school, kind });
      const s = await waitForJob(jobId, track);
      if (s.state === 'failed') setError(s.message);
      else if (s.state === 'imported') {
        setPreview(null);
        setResult(s.result);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
      setBusy(false);
    }
  };

  return (
    <section className="import-panel" aria-label="นำเข้าข้อมูล">
      <h2>นำเข้าข้อมูลจาก AMSS++</h2>
      <p className="muted">
        ใช้ไฟล์สำรองข้อมูลของ AMSS++ (.sql จาก phpMyAdmin หรือ mysqldump, หรือ .sql.gz) โปรแกรมจะตรวจและแสดงผลก่อนเสมอ ยังไม่บันทึกจนกว่าจะกดยืนยัน นำเข้าซ้ำได้
        รายการที่นำเข้าแล้วจะไม่ถูกเพิ่มซ้ำ
      </p>
      <form onSubmit={(e) => void check(e)} noValidate>
        <Field id="import-dump" label="ไฟล์สำรองข้อมูล (.sql) หรือไฟล์ทะเบียน (.xls, .xlsx, .csv)" wide>
          <FilePicker
            id="import-dump"
            label="เลือกไฟล์…"
            accept=".sql,.gz,.xls,.xlsx,.csv"
            fileName={file?.name ?? null}
            disabled={busy}
            onPick={(f) =>
              changed(() => {
                setFile(f);
                setUploaded(null);
              })
            }
          />
        </Field>
        {isSheet && (
          <Field id="import-kind" label="ไฟล์นี้เป็นทะเบียน">
            <select id="import-kind" value={kind} onChange={(e) => changed(() => setKind(e.target.value as RegisterKind))}>
              {REGISTER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {REGISTER_LABELS[k].book}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="import-files" label="โฟลเดอร์ของ AMSS++ ในเครื่องนี้" hint="โฟลเดอร์ที่มี modules\bookregister\upload_files1 เช่น C:\xampp\htdocs\amss (เว้นว่าง: ไม่นำเข้าไฟล์แนบ)" wide>
          <input id="import-files" type="text" value={filesRoot} onChange={(e) => changed(() => setFilesRoot(e.target.value))} />
        </Field>
        <Field id="import-school" label="รหัสโรงเรียน" hint="เว้นว่าง: ทะเบียนของสำนักงาน">
          <input id="import-school" type="text" inputMode="numeric" value={school} onChange={(e) => changed(() => setSchool(e.target.value))} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            ตรวจไฟล์ (ยังไม่บันทึก)
          </button>
          {preview && preview.totals.toImport > 0 && (
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
              ยืนยันนำเข้า {n(preview.totals.toImport)} รายการ
            </button>
          )}
        </div>
      </form>
      {progress && (
        <p role="status" aria-live="polite">
          {progress}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && <PreviewView p={preview} />}
      {result && <ResultView r={result} />}
    </section>
  );
}
