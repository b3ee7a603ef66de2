// When the register cannot be opened (a damaged database file), the core answers only the
// recovery API and this screen replaces the app: restore the newest good backup, or export
// what can still be read. Never an empty register that looks as if the data were gone.
// The core checks the register in the background after it opens (src-main/db/backgroundCheck.ts):
// while that runs this gate asks again every few seconds, and after any refused call. Damage
// found while the clerk works does not pull the screen away: a notice says what happened and
// that what is being typed was not saved (a registration's draft is kept on this PC and comes
// back after the restore), and the clerk goes to the recovery screen when ready.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { RecoveryExport, RecoveryStatus } from '../../../src-shared/usersSchemas.js';
import { call, must, onRefused } from '../../api/client.js';
import { errorMessage, FormError } from '../../ui/Field.js';
import { BackupPreviewView, formatBackupTime } from '../admin/BackupPreviewView.js';

/** How often the gate asks while the background check runs. */
const CHECKING_POLL_MS = 3000;

export function RecoveryGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<RecoveryStatus | 'normal' | 'no-link' | null>(null);
  /** Damage found after the app had opened: shown over the clerk's screen until they go to recovery. */
  const [found, setFound] = useState<RecoveryStatus | null>(null);
  const [checking, setChecking] = useState(false);
  const opened = useRef(false);
  const ask = useCallback(() => {
    void call('recovery.status', {}).then((r) => {
      if (!opened.current) {
        opened.current = true;
        // The browser host refuses every call without its per-run link: no login form can work then.
        setStatus(!r.ok && r.error.code === 'unauthenticated' ? 'no-link' : r.ok && r.value.mode === 'recovery' ? r.value : 'normal');
      } else if (r.ok && r.value.mode === 'recovery') {
        setFound((f) => f ?? r.value);
      }
      setChecking(r.ok && r.value.mode === 'normal' && r.value.checking === true);
    });
  }, []);
  useEffect(() => {
    ask();
    return onRefused(ask);
  }, [ask]);
  useEffect(() => {
    if (!checking) return;
    const timer = setInterval(ask, CHECKING_POLL_MS);
    return () => clearInterval(timer);
  }, [checking, ask]);
  if (status === null) return <p className="loading">กำลังเปิด…</p>;
  if (status === 'no-link') return <OpenFromLinkPage />;
  if (status === 'normal') {
    return (
      <>
        {found ? <DamageFoundNotice onRecover={() => setStatus(found)} /> : null}
        {children}
      </>
    );
  }
  return (
    <RecoveryScreen
      status={status}
      onRecovered={() => {
        setFound(null);
        setStatus('normal');
        ask();
      }}
    />
  );
}

/** The register was found damaged while the clerk worked: say so, keep their screen, lead to recovery. */
function DamageFoundNotice({ onRecover }: { onRecover: () => void }) {
  return (
    // Not modal and no focus taken: a clerk typing on does not press its button by accident.
    <div className="damage-notice" role="alert">
      <h2>ตรวจพบว่าฐานข้อมูลทะเบียนเสียหาย</h2>
      <p>
        โปรแกรมพบว่าไฟล์ฐานข้อมูลทะเบียนเสียหาย จึงหยุดบันทึกข้อมูลทุกอย่างตั้งแต่ตอนนี้ เพื่อไม่ให้ข้อมูลเสียหายมากขึ้น รายการที่กำลังกรอกอยู่ยังไม่ได้บันทึกลงทะเบียน
        ข้อความในแบบฟอร์มลงทะเบียนรายการใหม่เก็บไว้ในเครื่องนี้แล้ว และจะกลับมาให้กรอกต่อหลังกู้คืนข้อมูล (ไฟล์แนบต้องแนบใหม่) ส่วนการแก้ไขรายการเดิมหรือข้อความในหน้าอื่น
        ให้จดหรือคัดลอกไว้ก่อน แล้วจึงกด &quot;ไปหน้ากู้คืนข้อมูล&quot;
      </p>
      <button type="button" className="primary" onClick={onRecover}>
        ไปหน้ากู้คืนข้อมูล
      </button>
    </div>
  );
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
