// ตั้งค่าระบบ > ไฟล์แนบ: the size limit, the scanner's folder, the check of every stored file
// against its hash, and the sweep of files no entry uses.
import { useEffect, useState, type FormEvent } from 'react';
import { ATTACHMENT_LIMITS, type SweepReport, type VerifyReport } from '../../../src-shared/attachmentSchemas.js';
import { REGISTER_LABELS, type RegisterKind } from '../../../src-shared/domain.js';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field } from '../../ui/Field.js';
import './attachments.css';

export function AttachmentSettingsPanel() {
  const [maxSizeMb, setMaxSizeMb] = useState(String(ATTACHMENT_LIMITS.defaultMaxSizeMb));
  const [scanFolder, setScanFolder] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [sweep, setSweep] = useState<SweepReport | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    must('office.attachmentSettings', {}).then(
      (s) => {
        setMaxSizeMb(String(s.maxSizeMb));
        setScanFolder(s.scanFolder);
      },
      (e: unknown) => setStatus(errorMessage(e)),
    );
  }, []);

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    setStatus(null);
    try {
      const s = await must('office.saveAttachmentSettings', { maxSizeMb: Number(maxSizeMb), scanFolder });
      setErrors({});
      setMaxSizeMb(String(s.maxSizeMb));
      setScanFolder(s.scanFolder);
      setStatus('บันทึกการตั้งค่าไฟล์แนบแล้ว');
    } catch (e) {
      if (e instanceof ApiCallError) setErrors(e.fields);
      setStatus(errorMessage(e));
    }
  };

  const check = async () => {
    setBusy(true);
    setStatus(null);
    try {
      setReport(await must('attachments.verify', {}));
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const clean = async () => {
    setBusy(true);
    try {
      setSweep(await must('attachments.sweep', {}));
    } catch (e) {
      setStatus(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const problems = report ? [...report.missing, ...report.damaged] : [];
  return (
    <section className="attachment-settings" aria-label="ตั้งค่าไฟล์แนบ">
      <h2>ไฟล์แนบ</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <Field id="att-max" label="ขนาดไฟล์สูงสุด (MB)" error={errors.maxSizeMb}>
          <input id="att-max" type="number" min={1} max={ATTACHMENT_LIMITS.maxSizeMbCeiling} value={maxSizeMb} onChange={(e) => setMaxSizeMb(e.target.value)} />
        </Field>
        <Field id="att-scan" label="โฟลเดอร์เครื่องสแกน" error={errors.scanFolder} hint="โฟลเดอร์ที่เครื่องสแกนบันทึกไฟล์ เช่น C:\Scans (เว้นว่างได้)" wide>
          <input id="att-scan" type="text" value={scanFolder} onChange={(e) => setScanFolder(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary">
            บันทึกการตั้งค่าไฟล์แนบ
          </button>
        </div>
      </form>
      <div className="toolbar">
        <button type="button" onClick={() => void check()} disabled={busy}>
          ตรวจสอบไฟล์แนบทั้งหมด
        </button>
        <button type="button" onClick={() => void clean()} disabled={busy}>
          ล้างไฟล์ที่ไม่มีรายการใช้ (เก่ากว่า 7 วัน)
        </button>
      </div>
      {busy ? <p className="muted">กำลังตรวจสอบ…</p> : null}
      {status ? <p role="status">{status}</p> : null}
      {report ? (
        <div role="status" data-testid="attachments-verify">
          <p>
            ตรวจแล้ว {report.checked.toLocaleString('th-TH')} ไฟล์ · ปกติ {report.okCount.toLocaleString('th-TH')} · หาย {report.missing.length} · เสียหาย{' '}
            {report.damaged.length}
          </p>
          {problems.length ? (
            <table>
              <thead>
                <tr>
                  <th>ปัญหา</th>
                  <th>ไฟล์</th>
                  <th>รายการที่ใช้</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p) => (
                  <tr key={p.sha256}>
                    <td className="error">{p.problem === 'missing' ? 'ไฟล์หาย' : 'ไฟล์เสียหาย'}</td>
                    <td>{p.entries[0]?.name ?? p.sha256.slice(0, 12)}</td>
                    <td>
                      {p.entries
                        .map((e) => `${REGISTER_LABELS[e.kind as RegisterKind]?.numberLabel ?? e.kind} ${e.registerNo}/${e.year}`)
                        .join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
      {sweep ? (
        <p role="status">
          ล้างไฟล์แล้ว {sweep.removedFiles} ไฟล์ ({(sweep.freedBytes / (1024 * 1024)).toFixed(1)} MB) · เก็บไว้ก่อน {sweep.keptRecent} ไฟล์ (ยังไม่ครบ 7 วัน)
        </p>
      ) : null}
    </section>
  );
}
