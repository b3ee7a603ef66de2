// ออกเลขเกียรติบัตรเป็นชุด: one activity, many recipients, one block of numbers. The preview
// lists bad rows; nothing is numbered until every row is fixed or dropped.
import { useState, type FormEvent } from 'react';
import type { BulkIssued, BulkPreview } from '../../../src-shared/contract.js';
import { applyDigits, formatNumber, formatThaiDateLong, isValidIsoDate } from '../../../src-shared/thai.js';
import { certificateDocNo } from '../../../src-shared/docNumber.js';
import { bulkCertificatesInput, fieldErrors } from '../../../src-shared/schemas.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { href } from '../../app/route.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';
import { FilePicker } from '../../ui/FilePicker.js';
import { isoToThaiInput, thaiInputToIso } from '../../ui/thaiDateInput.js';
import { parseRecipientsText, readRecipientsFile } from './recipientsImport.js';

export function BulkCertificatesPage() {
  const { info, groups } = useApp();
  const digits = info.office.digits;
  const [subject, setSubject] = useState('');
  const [date, setDate] = useState(isoToThaiInput(info.today));
  const [signer, setSigner] = useState('');
  const [groupId, setGroupId] = useState('');
  const [remark, setRemark] = useState('');
  const [recipients, setRecipients] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [issued, setIssued] = useState<BulkIssued | null>(null);
  const [busy, setBusy] = useState(false);

  const input = () => ({
    subject,
    docDate: thaiInputToIso(date),
    signer,
    groupId: groupId === '' ? null : Number(groupId),
    remark,
    recipients: parseRecipientsText(recipients),
  });

  const changed = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    setPreview(null);
  };

  const check = async (ev: FormEvent) => {
    ev.preventDefault();
    const data = input();
    const parsed = bulkCertificatesInput.safeParse(data);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setFormError('กรุณาแก้ไขช่องที่มีข้อความสีแดง');
      return;
    }
    setErrors({});
    setFormError(null);
    setIssued(null);
    try {
      setPreview(await must('certificates.previewBulk', data));
    } catch (e) {
      if (e instanceof ApiCallError) setErrors(e.fields);
      setFormError(errorMessage(e));
    }
  };

  const issue = async () => {
    if (!preview || preview.invalidCount > 0 || busy) return;
    setBusy(true);
    try {
      const result = await must('certificates.issueBulk', input());
      setIssued(result);
      setPreview(null);
      setRecipients('');
    } catch (e) {
      if (e instanceof ApiCallError) setErrors(e.fields);
      setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const dropLine = (line: number) => {
    const lines = parseRecipientsText(recipients);
    lines.splice(line - 1, 1);
    setRecipients(lines.join('\n'));
    setPreview(null);
  };
  const dropInvalid = () => {
    if (!preview) return;
    const bad = new Set(preview.rows.filter((r) => r.error).map((r) => r.line));
    setRecipients(parseRecipientsText(recipients).filter((_l, i) => !bad.has(i + 1)).join('\n'));
    setPreview(null);
  };

  const [fileName, setFileName] = useState<string | null>(null);
  const onFile = async (file: File) => {
    try {
      const names = await readRecipientsFile(file);
      setFileName(`${file.name} (${names.length} ชื่อ)`);
      setRecipients((r) => [r.trimEnd(), ...names].filter((s) => s !== '').join('\n'));
      setPreview(null);
      setFormError(null);
    } catch (e) {
      setFormError(errorMessage(e));
    }
  };

  const iso = thaiInputToIso(date);
  const certNo = (n: number, year: number) => applyDigits(certificateDocNo(info.office.certificatePattern, n, year), digits);
  const lineCount = parseRecipientsText(recipients).filter((l) => l.trim() !== '').length;

  return (
    <section className="bulk">
      <div className="page-head">
        <h1>ออกเลขเกียรติบัตรเป็นชุด</h1>
        <div className="toolbar">
          <a className="button" href={href.list('certificate')}>
            กลับไปทะเบียนเกียรติบัตร
          </a>
        </div>
      </div>
      {issued ? (
        <div className="saved" role="status" aria-label="ออกเลขแล้ว">
          <div className="saved-item">
            <div className="saved-label">ออกเลขแล้ว {formatNumber(issued.count, digits)} ฉบับ</div>
            <div className="saved-number" data-testid="issued-block">
              {applyDigits(issued.firstDocNo, digits)} – {applyDigits(issued.lastDocNo, digits)}
            </div>
          </div>
        </div>
      ) : null}
      <form className="entry-form" noValidate onSubmit={(e) => void check(e)}>
        <Field id="b-subject" label="รายการ" error={errors.subject} wide>
          <input id="b-subject" type="text" autoFocus value={subject} onChange={(e) => changed(setSubject)(e.target.value)} />
        </Field>
        <Field id="b-docDate" label="ลงวันที่" error={errors.docDate} hint={isValidIsoDate(iso) ? formatThaiDateLong(iso, digits) : 'วัน/เดือน/ปี พ.ศ.'}>
          <input id="b-docDate" type="text" className="date-input" value={date} onChange={(e) => changed(setDate)(e.target.value)} />
        </Field>
        <Field id="b-signer" label="ผู้ลงนาม" error={errors.signer}>
          <input id="b-signer" type="text" value={signer} onChange={(e) => changed(setSigner)(e.target.value)} />
        </Field>
        <Field id="b-groupId" label="กลุ่ม" error={errors.groupId}>
          <select id="b-groupId" value={groupId} onChange={(e) => changed(setGroupId)(e.target.value)}>
            <option value="">— ไม่ระบุ —</option>
            {groups
              .filter((g) => g.active)
              .map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
          </select>
        </Field>
        <Field id="b-remark" label="หมายเหตุ" error={errors.remark}>
          <input id="b-remark" type="text" value={remark} onChange={(e) => changed(setRemark)(e.target.value)} />
        </Field>
        <Field
          id="b-recipients"
          label="รายชื่อผู้ได้รับ (หนึ่งชื่อต่อบรรทัด)"
          error={errors.recipients}
          wide
          hint={
            <>
              {formatNumber(lineCount, digits)} ชื่อ ·{' '}
              <FilePicker id="b-file" label="นำเข้ารายชื่อจากไฟล์ Excel (.xlsx) หรือ CSV" accept=".xlsx,.csv,text/csv,.txt" fileName={fileName} onPick={(f) => void onFile(f)} />
            </>
          }
        >
          <textarea id="b-recipients" rows={10} value={recipients} onChange={(e) => changed(setRecipients)(e.target.value)} />
        </Field>
        <FormError message={formError} />
        <div className="form-actions">
          <button type="submit" className="primary">
            ตรวจสอบรายชื่อ
          </button>
        </div>
      </form>

      {preview ? (
        <div className="preview" aria-label="ตรวจสอบก่อนออกเลข">
          <h2>ตรวจสอบก่อนออกเลข</h2>
          <p>
            ถูกต้อง {formatNumber(preview.validCount, digits)} รายการ · ไม่ถูกต้อง{' '}
            <span className={preview.invalidCount ? 'urgent-text' : undefined}>{formatNumber(preview.invalidCount, digits)}</span> รายการ
            {preview.validCount > 0 ? (
              <>
                {' '}
                · เลขที่ <strong data-testid="preview-range">{certNo(preview.firstNo, preview.year)} ถึง {certNo(preview.lastNo, preview.year)}</strong>
              </>
            ) : null}
          </p>
          {preview.invalidCount > 0 ? (
            <>
              <table className="history">
                <thead>
                  <tr>
                    <th>บรรทัด</th>
                    <th>ชื่อ</th>
                    <th>ปัญหา</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {preview.rows
                    .filter((r) => r.error)
                    .map((r) => (
                      <tr key={r.line} className="invalid-row">
                        <td>{r.line}</td>
                        <td className="clip">{r.recipient}</td>
                        <td className="urgent-text">{r.error}</td>
                        <td>
                          <button type="button" onClick={() => dropLine(r.line)}>
                            ตัดออก
                          </button>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
              <button type="button" onClick={dropInvalid}>
                ตัดรายชื่อที่ไม่ถูกต้องออกทั้งหมด
              </button>
            </>
          ) : null}
          <div className="form-actions">
            <button type="button" className="primary" disabled={preview.invalidCount > 0 || preview.validCount === 0 || busy} onClick={() => void issue()}>
              ยืนยันออกเลข {formatNumber(preview.validCount, digits)} ฉบับ
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
