// ตั้งค่าระบบ › เซิร์ฟเวอร์กลาง › กุญแจสำนักงานสำหรับหนังสือลับ: whether this PC holds the office's
// key (by its short id, never the key), exporting it to a passphrase-protected file, and importing
// that file on the office's other PCs (src-main/sync/officeKey.ts).
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../../src-shared/schemas.js';
import { OFFICE_KEY_PASSWORD_MIN, officeKeyExportInput, officeKeyImportInput, type OfficeKeyStatus } from '../../../src-shared/syncSchemas.js';
import { formatThaiDateTime } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { FilePicker } from '../../ui/FilePicker.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { blobToBase64, saveText } from '../print/downloads.js';

function describe(s: OfficeKeyStatus): string {
  if (s.hasKey) {
    const made = s.origin === 'generated' ? 'สร้างขึ้นที่เครื่องนี้' : 'นำเข้าจากไฟล์กุญแจ';
    return `เครื่องนี้มีกุญแจของสำนักงานแล้ว (รหัสกุญแจ ${s.keyId ?? ''}, ${made}${s.createdAt ? ` เมื่อ ${formatThaiDateTime(s.createdAt)}` : ''}) หนังสือชั้นลับและลับมากจะถูกเข้ารหัสก่อนส่งขึ้นเซิร์ฟเวอร์`;
  }
  if (!s.enrolled) return 'เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์กลาง เมื่อเชื่อมต่อแล้ว เครื่องแรกของสำนักงานจะสร้างกุญแจให้เอง';
  if (s.serverKeyId) {
    return `สำนักงานมีกุญแจแล้ว (รหัสกุญแจ ${s.serverKeyId}) แต่เครื่องนี้ยังไม่มี: หนังสือลับที่ลงทะเบียนที่เครื่องนี้จะส่งขึ้นเซิร์ฟเวอร์เฉพาะเลขทะเบียนและวันที่ และเปิดหนังสือลับจากเซิร์ฟเวอร์ไม่ได้ ให้นำเข้าไฟล์กุญแจจากเครื่องที่มีกุญแจ`;
  }
  return 'เครื่องนี้ยังไม่มีกุญแจของสำนักงาน (จะสร้างให้เมื่อส่งข้อมูลกับเซิร์ฟเวอร์ครั้งถัดไป หากยังไม่มีเครื่องใดของสำนักงานสร้างไว้)';
}

export function OfficeKeySection() {
  const loaded = useLoad(() => must('sync.officeKeyStatus', {}), []);
  const [imported, setImported] = useState<OfficeKeyStatus | null>(null);
  const status = imported ?? loaded.data;
  const [exportPassword, setExportPassword] = useState('');
  const [exportAgain, setExportAgain] = useState('');
  const [importPassword, setImportPassword] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setMessage(null);
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      setErrors(e instanceof ApiCallError ? { ...e.fields, _: e.message } : { _: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const exportKey = (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = officeKeyExportInput.safeParse({ password: exportPassword, passwordAgain: exportAgain });
    if (!parsed.success) {
      const f = fieldErrors(parsed.error);
      setErrors({ exportPassword: f.password ?? '', exportAgain: f.passwordAgain ?? '' });
      return;
    }
    void run(async () => {
      const out = await must('sync.exportOfficeKey', parsed.data);
      saveText(out.fileName, out.content);
      setErrors({});
      setExportPassword('');
      setExportAgain('');
      setMessage(`ส่งออกไฟล์กุญแจ ${out.fileName} แล้ว เก็บไฟล์และรหัสผ่านแยกจากกัน และอย่าส่งไฟล์ทางอีเมลหรือไลน์พร้อมรหัสผ่าน`);
    });
  };

  const importKey = (ev: FormEvent) => {
    ev.preventDefault();
    if (!file) {
      setErrors({ keyFile: 'กรุณาเลือกไฟล์กุญแจ' });
      return;
    }
    void run(async () => {
      const parsed = officeKeyImportInput.safeParse({ keyFileBase64: await blobToBase64(file), password: importPassword });
      if (!parsed.success) {
        const f = fieldErrors(parsed.error);
        setErrors({ keyFile: f.keyFileBase64 ?? '', importPassword: f.password ?? '' });
        return;
      }
      try {
        setImported(await must('sync.importOfficeKey', parsed.data));
      } catch (e) {
        if (e instanceof ApiCallError && e.fields?.password) {
          setErrors({ importPassword: e.fields.password, _: e.message });
          return;
        }
        throw e;
      }
      setErrors({});
      setImportPassword('');
      setFile(null);
      setMessage('นำเข้ากุญแจของสำนักงานแล้ว เครื่องนี้เปิดหนังสือลับจากเซิร์ฟเวอร์ได้ และหนังสือลับใหม่จะถูกเข้ารหัสก่อนส่ง');
    });
  };

  return (
    <section aria-label="กุญแจสำนักงานสำหรับหนังสือลับ" className="office-key">
      <h2>กุญแจสำนักงานสำหรับหนังสือลับ</h2>
      <p data-testid="office-key-state">{status ? describe(status) : 'กำลังอ่าน…'}</p>
      <p className="field-hint">
        เรื่อง คู่ติดต่อ หมายเหตุ และไฟล์ของหนังสือชั้นลับและลับมาก ถูกเข้ารหัสด้วยกุญแจนี้ก่อนส่งขึ้นเซิร์ฟเวอร์ เซิร์ฟเวอร์ไม่มีกุญแจ
        จึงอ่านไม่ได้ หนังสือชั้นลับที่สุดไม่ออกจากเครื่องที่ลงทะเบียน
      </p>
      {status?.hasKey ? (
        <form className="inline-form" onSubmit={exportKey} noValidate aria-label="ส่งออกไฟล์กุญแจ">
          <Field id="key-export-password" label={`ตั้งรหัสผ่านของไฟล์ (อย่างน้อย ${OFFICE_KEY_PASSWORD_MIN} ตัวอักษร)`} error={errors.exportPassword || undefined}>
            <input id="key-export-password" type="password" autoComplete="new-password" value={exportPassword} onChange={(e) => setExportPassword(e.target.value)} />
          </Field>
          <Field id="key-export-again" label="พิมพ์รหัสผ่านอีกครั้ง" error={errors.exportAgain || undefined}>
            <input id="key-export-again" type="password" autoComplete="new-password" value={exportAgain} onChange={(e) => setExportAgain(e.target.value)} />
          </Field>
          <button type="submit" className="button" disabled={busy}>
            ส่งออกไฟล์กุญแจ
          </button>
        </form>
      ) : null}
      {status && !status.hasKey && status.enrolled ? (
        <form className="inline-form" onSubmit={importKey} noValidate aria-label="นำเข้าไฟล์กุญแจ">
          <Field id="key-import-file" label="ไฟล์กุญแจ (.json จากเครื่องที่มีกุญแจ)" error={errors.keyFile || undefined}>
            <FilePicker id="key-import-file" label="เลือกไฟล์กุญแจ" accept=".json,application/json" fileName={file?.name ?? null} onPick={setFile} disabled={busy} />
          </Field>
          <Field id="key-import-password" label="รหัสผ่านของไฟล์" error={errors.importPassword || undefined}>
            <input id="key-import-password" type="password" autoComplete="off" value={importPassword} onChange={(e) => setImportPassword(e.target.value)} />
          </Field>
          <button type="submit" className="button" disabled={busy}>
            นำเข้ากุญแจ
          </button>
        </form>
      ) : null}
      {loaded.error ? (
        <p className="error" role="alert">
          {loaded.error}
        </p>
      ) : null}
      {errors._ ? (
        <p className="error" role="alert">
          {errors._}
        </p>
      ) : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}
