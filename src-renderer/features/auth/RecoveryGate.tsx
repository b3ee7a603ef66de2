// When the register cannot be opened (a damaged database file), the core answers only the
// recovery API and this screen replaces the app: restore the newest good backup, or export
// what can still be read. Never an empty register that looks as if the data were gone.
import { useEffect, useState, type ReactNode } from 'react';
import type { RecoveryExport, RecoveryStatus } from '../../../src-shared/usersSchemas.js';
import { call, must } from '../../api/client.js';
import { errorMessage, FormError } from '../../ui/Field.js';
import { BackupPreviewView, formatBackupTime } from '../admin/BackupPreviewView.js';

export function RecoveryGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<RecoveryStatus | 'normal' | 'no-link' | null>(null);
  useEffect(() => {
    void call('recovery.status', {}).then((r) =>
      // The browser host refuses every call without its per-run link: no login form can work then.
      setStatus(!r.ok && r.error.code === 'unauthenticated' ? 'no-link' : r.ok && r.value.mode === 'recovery' ? r.value : 'normal'),
    );
  }, []);
  if (status === null) return <p className="loading">กำลังเปิด…</p>;
  if (status === 'no-link') return <OpenFromLinkPage />;
  if (status === 'normal') return <>{children}</>;
  return <RecoveryScreen status={status} onRecovered={() => setStatus('normal')} />;
}

/** The browser host's address opened without (or with an old) per-run link. */
function OpenFromLinkPage() {
  return (
    <div className="auth-page">
      <div className="auth-card" role="alert">
        <div className="app-name">Saraban Desk · ระบบทะเบียนหนังสือราชการ</div>
        <h1>กรุณาเปิดจากลิงก์ที่โปรแกรมพิมพ์ไว้</h1>
        <p>หน้านี้เปิดได้จากลิงก์ที่โปรแกรมแสดงไว้ตอนเริ่มทำงานเท่านั้น (บรรทัด URL ในหน้าต่างที่เปิดโปรแกรม ซึ่งขึ้นต้นด้วย http://127.0.0.1)</p>
        <p>ให้คัดลอกลิงก์นั้นทั้งบรรทัดมาเปิดในเบราว์เซอร์ ถ้าปิดโปรแกรมไปแล้วหรือเปิดโปรแกรมใหม่ ลิงก์เดิมจะใช้ไม่ได้ ต้องใช้ลิงก์ใหม่ที่โปรแกรมแสดง</p>
      </div>
    </div>
  );
}

function RecoveryScreen({ status, onRecovered }: { status: RecoveryStatus; onRecovered: () => void }) {
  const good = status.backups.filter((b) => b.good);
  const [chosen, setChosen] = useState<string>(good[0]?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<RecoveryExport | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const preview = status.backups.find((b) => b.name === chosen)?.preview ?? null;
  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await must('recovery.restore', { name: chosen || null });
      setRestored(r.restored);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const exportReadable = async () => {
    setBusy(true);
    setError(null);
    try {
      setExported(await must('recovery.export', {}));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="auth-page">
      <div className="auth-card recovery" role="region" aria-label="กู้คืนข้อมูล">
        <div className="app-name">Saraban Desk · ระบบทะเบียนหนังสือราชการ</div>
        <h1>ฐานข้อมูลทะเบียนเสียหาย</h1>
        <p>
          โปรแกรมเปิดไฟล์ทะเบียนไม่ได้ จึงยังไม่เปิดทะเบียนเพื่อไม่ให้ข้อมูลหาย กรุณากู้คืนจากชุดสำรองข้อมูลล่าสุดที่ใช้ได้
          หรือส่งออกข้อมูลเท่าที่อ่านได้ แล้วแจ้งผู้ดูแลระบบ
        </p>
        {status.detail ? <p className="muted">รายละเอียด: {status.detail}</p> : null}
        {restored ? (
          <div className="notice" role="status">
            <p>กู้คืนจากชุดสำรอง {restored} เรียบร้อยแล้ว ไฟล์ที่เสียหายเก็บแยกไว้ ไม่ได้ลบ</p>
            <button type="button" className="primary" onClick={onRecovered}>
              เปิดโปรแกรม
            </button>
          </div>
        ) : (
          <>
            <h2>กู้คืนจากชุดสำรองข้อมูล</h2>
            {good.length === 0 ? (
              <p role="alert">ไม่พบชุดสำรองข้อมูลที่ใช้ได้</p>
            ) : (
              <>
                <label htmlFor="recovery-backup">ชุดสำรอง</label>{' '}
                <select id="recovery-backup" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                  {good.map((b, i) => (
                    <option key={b.name} value={b.name}>
                      {formatBackupTime(b.createdAt)}
                      {i === 0 ? ' (ล่าสุด)' : ''}
                    </option>
                  ))}
                </select>
                {preview ? <BackupPreviewView preview={preview} /> : null}
                <div className="toolbar">
                  <button type="button" className="primary" disabled={busy} onClick={() => void restore()}>
                    กู้คืนจากชุดสำรองนี้
                  </button>
                </div>
              </>
            )}
            <h2>ส่งออกข้อมูลเท่าที่อ่านได้</h2>
            <button type="button" disabled={busy} onClick={() => void exportReadable()}>
              ส่งออกเป็น CSV
            </button>
            {exported ? (
              <p role="status">
                ส่งออก {exported.rows.toLocaleString('th-TH')} แถว ไว้ที่ {exported.folder}
              </p>
            ) : null}
          </>
        )}
        <FormError message={error} />
      </div>
    </div>
  );
}
