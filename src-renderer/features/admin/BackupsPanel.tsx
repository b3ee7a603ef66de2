// สำรองข้อมูล (admin): the backup folder (a second disk or USB drive), a backup now, the list of
// rolling backups, and a restore with a preview of what the backup holds.
import { useState, type FormEvent } from 'react';
import type { BackupPreview, BackupStatus } from '../../../src-shared/usersSchemas.js';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { BackupPreviewView, formatBackupTime } from './BackupPreviewView.js';
import { RestoreConfirm } from './RestoreConfirm.js';
import { EmptyRow } from '../../ui/EmptyRow.js';

const REASONS: Record<string, string> = {
  daily: 'อัตโนมัติรายวัน',
  manual: 'สำรองเอง',
  'before-restore': 'ก่อนกู้คืน',
  'before-migration': 'ก่อนปรับรุ่นฐานข้อมูล',
};

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function BackupsPanel() {
  const { data, error, reload } = useLoad<BackupStatus>(() => must('backup.status', {}), []);
  const [dir, setDir] = useState<string | null>(null);
  const [dirError, setDirError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [chosen, setChosen] = useState<{ name: string; preview: BackupPreview } | null>(null);
  const [confirming, setConfirming] = useState(false);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await what());
      reload();
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const saveDir = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      await must('backup.configure', { dir: dir ?? data?.dir ?? '' });
      setDirError(undefined);
      setDir(null);
      setMessage('บันทึกโฟลเดอร์สำรองข้อมูลแล้ว');
      reload();
    } catch (e) {
      setDirError(e instanceof ApiCallError ? (e.fields.dir ?? e.message) : errorMessage(e));
    }
  };
  const preview = async (name: string) => {
    try {
      setChosen({ name, preview: await must('backup.preview', { name }) });
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  return (
    <div>
      {error ? <p role="alert">{error}</p> : null}
      <form className="inline-form" onSubmit={(e) => void saveDir(e)} noValidate>
        <Field id="b-dir" label="โฟลเดอร์สำรองข้อมูล" error={dirError} hint="ควรเป็นดิสก์อีกลูกหรือแฟลชไดรฟ์ เช่น E:\สำรองทะเบียน">
          <input id="b-dir" type="text" value={dir ?? data?.dir ?? ''} onChange={(e) => setDir(e.target.value)} />
        </Field>
        <button type="submit">บันทึกโฟลเดอร์</button>
      </form>
      {data?.dirIsInsideData ? <p className="notice">ตอนนี้ชุดสำรองอยู่ในเครื่องเดียวกับทะเบียน หากดิสก์เสียจะหายไปด้วยกัน กรุณาเลือกโฟลเดอร์บนดิสก์อื่น</p> : null}
      <p>
        สำรองอัตโนมัติวันละครั้ง เก็บ {data?.keep.daily ?? 7} วันล่าสุด {data?.keep.weekly ?? 4} สัปดาห์ และ {data?.keep.monthly ?? 12} เดือน ·
        สำรองล่าสุด: {data?.lastBackupAt ? formatBackupTime(data.lastBackupAt) : 'ยังไม่เคย'}
      </p>
      {data?.lastError ? <p className="urgent-text">สำรองครั้งล่าสุดไม่สำเร็จ: {data.lastError}</p> : null}
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void run(async () => `สำรองข้อมูลแล้ว (${formatBackupTime((await must('backup.run', {})).createdAt)})`)}
        >
          สำรองข้อมูลตอนนี้
        </button>
      </div>
      {message ? <p role="status">{message}</p> : null}
      <table className="entries compact settings-table" aria-label="ชุดสำรองข้อมูล">
        <thead>
          <tr>
            <th>เวลา</th>
            <th>ประเภท</th>
            <th>ขนาด</th>
            <th>ไฟล์แนบที่เพิ่ม</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data?.backups ?? []).map((b) => (
            <tr key={b.name}>
              <td>{formatBackupTime(b.createdAt)}</td>
              <td>{REASONS[b.reason] ?? b.reason}</td>
              <td>{size(b.bytes)}</td>
              <td>{b.attachmentsAdded}</td>
              <td className="row-actions">
                <button type="button" onClick={() => void preview(b.name)}>
                  ดูข้อมูลในชุดนี้
                </button>
              </td>
            </tr>
          ))}
          {data && data.backups.length === 0 ? <EmptyRow cols={5} text="ยังไม่มีชุดสำรองข้อมูล กด “สำรองข้อมูลตอนนี้” หรือรอการสำรองอัตโนมัติ" /> : null}
        </tbody>
      </table>
      {chosen ? (
        <div className="preview" role="region" aria-label="กู้คืนข้อมูล">
          <h2>กู้คืนจากชุดสำรอง {formatBackupTime(data?.backups.find((b) => b.name === chosen.name)?.createdAt ?? '')}</h2>
          <BackupPreviewView preview={chosen.preview} />
          <p>ก่อนกู้คืน โปรแกรมจะสำรองข้อมูลปัจจุบันเก็บไว้อีกชุดหนึ่ง</p>
          <div className="toolbar">
            <button type="button" className="primary" disabled={busy} onClick={() => setConfirming(true)}>
              กู้คืนจากชุดนี้…
            </button>
            <button type="button" onClick={() => setChosen(null)}>
              ยกเลิก
            </button>
          </div>
          {confirming ? (
            <RestoreConfirm
              when={formatBackupTime(data?.backups.find((b) => b.name === chosen.name)?.createdAt ?? '')}
              preview={chosen.preview}
              busy={busy}
              onCancel={() => setConfirming(false)}
              onConfirm={() =>
                void run(async () => {
                  const r = await must('backup.restore', { name: chosen.name });
                  setChosen(null);
                  setConfirming(false);
                  const lost = r.lostEntries ?? 0;
                  return `กู้คืนเรียบร้อยแล้ว (สำรองข้อมูลก่อนกู้คืนไว้ที่ชุด ${r.safetyCopy}) เลขทะเบียนต่อจากเลขที่ออกไปแล้ว${
                    lost > 0 ? ` · รายการที่หายไป ${lost.toLocaleString('th-TH')} รายการ แสดงที่หน้ารายการหลักเพื่อนำกลับมาได้` : ''
                  }`;
                })
              }
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
