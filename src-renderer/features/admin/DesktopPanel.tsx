// โปรแกรมบนเครื่องนี้ (admin): where this PC keeps the register (and moving it, e.g. to D:\),
// updates from the office's server, and the diagnostics zip for the IT staff.
import { useState, type FormEvent } from 'react';
import type { DataMoveResult, DesktopStatus } from '../../../src-shared/desktopSchemas.js';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { saveFile } from '../print/downloads.js';

const INTEGRITY: Record<DesktopStatus['integrity'], string> = {
  running: 'กำลังตรวจอยู่เบื้องหลัง',
  ok: 'ผ่าน',
  damaged: 'พบความเสียหาย',
  failed: 'ตรวจไม่ได้ (ดูรายละเอียดในไฟล์บันทึกการทำงาน) ข้อมูลทะเบียนไม่ได้เสียหายจากเหตุนี้',
};

const SOURCES: Record<DesktopStatus['dataDirSource'], string> = {
  default: 'โฟลเดอร์มาตรฐานของเครื่องนี้',
  chosen: 'โฟลเดอร์ที่ผู้ดูแลระบบเลือก',
  argument: 'กำหนดจากคำสั่งเปิดโปรแกรม (--data-dir)',
  environment: 'กำหนดจากตัวแปร SARABAN_DATA_DIR',
};

export function DesktopPanel() {
  const { data, error, reload } = useLoad<DesktopStatus>(() => must('desktop.status', {}), []);
  const [to, setTo] = useState('');
  const [toError, setToError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const move = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!window.confirm(`ย้ายทะเบียนไปที่ ${to} ?\nระหว่างย้ายจะใช้งานไม่ได้ชั่วครู่ โฟลเดอร์เดิมจะเก็บไว้เหมือนเดิม`)) return;
    setBusy(true);
    setMessage(null);
    try {
      const r: DataMoveResult = await must('desktop.moveDataDir', { to });
      setToError(undefined);
      setTo('');
      setMessage(`ย้ายแล้ว: ${r.entries} รายการ ไฟล์แนบ ${r.attachments} ไฟล์ ตรวจสอบครบแล้ว ตอนนี้ใช้ ${r.to} (โฟลเดอร์เดิมยังอยู่ที่ ${r.from})`);
      reload();
    } catch (e) {
      if (e instanceof ApiCallError && e.fields.to) setToError(e.fields.to);
      else setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const exportDiagnostics = async () => {
    setBusy(true);
    setMessage(null);
    try {
      saveFile(await must('diagnostics.export', {}));
      setMessage('ส่งออกแล้ว: ส่งไฟล์ .zip นี้ให้ผู้ดูแลระบบหรือผู้พัฒนา (ไม่มีเนื้อหาหนังสือและรหัสผ่านอยู่ในไฟล์)');
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const install = async () => {
    try {
      await must('desktop.installUpdate', {});
      setMessage('กำลังติดตั้งการอัปเดต โปรแกรมจะปิดและเปิดใหม่เอง');
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  return (
    <div data-testid="desktop-panel">
      {error ? <p role="alert">{error}</p> : null}
      <h2>ที่เก็บข้อมูล</h2>
      <p>
        ทะเบียนของเครื่องนี้อยู่ที่ <code data-testid="data-dir">{data?.dataDir ?? '…'}</code> ({data ? SOURCES[data.dataDirSource] : ''})
      </p>
      {data ? <p data-testid="integrity">การตรวจสอบฐานข้อมูลตั้งแต่เปิดโปรแกรม: {INTEGRITY[data.integrity]}</p> : null}
      {data?.canMove ? (
        <form className="inline-form" onSubmit={(e) => void move(e)} noValidate>
          <Field id="d-to" label="ย้ายไปโฟลเดอร์" error={toError} hint="โฟลเดอร์ว่างบนดิสก์ของเครื่องนี้ เช่น D:\SarabanData (ไม่ใช่โฟลเดอร์ที่ซิงก์กับ OneDrive)">
            <input id="d-to" type="text" value={to} onChange={(e) => setTo(e.target.value)} />
          </Field>
          <button type="submit" disabled={busy || !to.trim()}>
            ย้ายข้อมูล
          </button>
        </form>
      ) : (
        <p className="notice">โฟลเดอร์ข้อมูลถูกกำหนดจากคำสั่งเปิดโปรแกรม จึงย้ายจากหน้านี้ไม่ได้</p>
      )}
      <h2>การอัปเดตโปรแกรม</h2>
      <p role="status" data-testid="update-status">
        {data?.update.text ?? '…'}
      </p>
      {data?.update.canInstall ? (
        <button type="button" className="primary" onClick={() => void install()}>
          ติดตั้งการอัปเดต
        </button>
      ) : null}
      <h2>ข้อมูลสำหรับผู้ดูแลระบบ</h2>
      <p>บันทึกการทำงานของโปรแกรม รุ่นของโปรแกรม และผลตรวจสุขภาพฐานข้อมูล รวมเป็นไฟล์ .zip เดียว</p>
      <button type="button" disabled={busy} onClick={() => void exportDiagnostics()}>
        ส่งออกข้อมูลสำหรับผู้ดูแลระบบ
      </button>
      {message ? (
        <p role="status" className="notice">
          {message}
        </p>
      ) : null}
    </div>
  );
}
